/** Who is calling: the source address of a request, for rate limits and the audit trail. */
import { CLIENT_ADDRESS_HEADER, CLIENT_PROTO_HEADER } from '../http/client-headers';

/** A web Headers object, or server.ts's view of a Node request's headers. */
export type HeaderReader = Pick<Headers, 'get'>;

const MAX_ADDRESS_LENGTH = 64;

/**
 * The client's address as the production server (server.ts) derived it from the socket and
 * TRUSTED_PROXIES (lib/http/client-address.ts) and passed on in a private header it deletes
 * from every incoming request first.
 *
 * Without server.ts — `next dev`, or a bare `next start` — nothing sets that header and
 * Next.js does not expose the socket: the rightmost X-Forwarded-For entry is used (Next.js
 * fills the header from the socket only when the client sent none), which any client can
 * forge. Those servers are for development; production runs `npm start` (README).
 */
export function clientAddress(headers: HeaderReader): string {
  const derived = headers.get(CLIENT_ADDRESS_HEADER);
  if (derived) return derived.slice(0, MAX_ADDRESS_LENGTH);
  const hops = headers.get('x-forwarded-for')?.split(',') ?? [];
  const nearest = hops.at(-1)?.trim();
  return nearest ? nearest.slice(0, MAX_ADDRESS_LENGTH) : 'unknown';
}

/** `https` only when server.ts established it (a TLS socket, or a trusted proxy's X-Forwarded-Proto). */
export function clientProtocol(headers: HeaderReader): 'https' | 'http' {
  return headers.get(CLIENT_PROTO_HEADER) === 'https' ? 'https' : 'http';
}

export function userAgent(headers: HeaderReader): string {
  return (headers.get('user-agent') ?? '').slice(0, 512);
}
