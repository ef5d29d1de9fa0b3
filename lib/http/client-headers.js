/**
 * The private request headers through which the production server (server.ts), which sees the
 * socket, tells Next.js who is calling. server.ts deletes every incoming `x-pindesk-*` header
 * first, so a client cannot set them. Plain JavaScript without imports: next.config.js and
 * proxy.ts read them too.
 */
export const PRIVATE_HEADER_PREFIX = 'x-pindesk-';
/** The client's address, derived from the socket and TRUSTED_PROXIES (lib/http/client-address.ts). */
export const CLIENT_ADDRESS_HEADER = 'x-pindesk-client-address';
/** `https` or `http`: how the client reached the nearest trusted hop (or this server). */
export const CLIENT_PROTO_HEADER = 'x-pindesk-client-proto';
