/**
 * Who is calling, worked out from the socket of a Node.js request: the production server
 * (server.ts) and the PIN logon it answers itself (lib/api/pin-logon-node.ts) see the socket;
 * Next.js's route handlers and pages do not, so server.ts hands them the result in private
 * headers (client-headers.ts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP, type Socket } from 'node:net';
import proxyaddr from 'proxy-addr';
import { CLIENT_ADDRESS_HEADER, CLIENT_PROTO_HEADER, PRIVATE_HEADER_PREFIX } from './client-headers';
import type { ProxyTrust } from './trusted-proxies';

/** How the Node.js request carries the socket and headers proxy-addr reads. */
type NodeRequest = Pick<IncomingMessage, 'headers'> & { socket: Pick<Socket, 'remoteAddress'> & { encrypted?: boolean } };

/**
 * The client's address: the socket's peer, or — through the hops TRUSTED_PROXIES trusts — the
 * rightmost X-Forwarded-For entry that is not a trusted proxy. IPv4-mapped IPv6 (`::ffff:a.b.c.d`)
 * is written as IPv4. An entry that is not an address (a proxy trusted for more hops than
 * there were) falls back to the socket's peer.
 */
export function clientAddressOf(request: NodeRequest, trust: ProxyTrust): string {
  const socketAddress = request.socket.remoteAddress ?? '';
  const address = proxyaddr(request as IncomingMessage, trust);
  return plainAddress(isIP(address) ? address : socketAddress) || 'unknown';
}

/** `https` when the socket is TLS, or when the socket's peer is a trusted proxy that says so. */
export function clientProtocolOf(request: NodeRequest, trust: ProxyTrust): 'https' | 'http' {
  if (request.socket.encrypted) return 'https';
  const peer = request.socket.remoteAddress;
  if (!peer || !trust(peer, 0)) return 'http';
  const header = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https' ? 'https' : 'http';
}

/**
 * Marks a request this process has stamped. Next.js hands a server action posted to another
 * page's path on to the page that owns it by requesting this same server again, with all the
 * original headers: that second request, carrying this process's secret stamp, keeps the
 * client's derived headers instead of being taken for a request from the server itself.
 */
const STAMP_HEADER = `${PRIVATE_HEADER_PREFIX}stamp`;
const processStamp = randomBytes(32).toString('base64url');

/**
 * Replaces whatever the client sent in PinDesk's private headers with the derived address and
 * protocol, and drops forwarded headers that no trusted hop wrote: X-Forwarded-Host (Auth.js
 * builds its URLs from it) and X-Forwarded-Proto (set to the derived protocol instead).
 */
export function stampClientHeaders(request: NodeRequest, trust: ProxyTrust, stamp: string = processStamp): void {
  const headers = request.headers;
  if (hasStamp(headers[STAMP_HEADER], stamp)) return;
  for (const name of Object.keys(headers)) {
    if (name.startsWith(PRIVATE_HEADER_PREFIX)) delete headers[name];
  }
  const peer = request.socket.remoteAddress;
  if (!peer || !trust(peer, 0)) delete headers['x-forwarded-host'];
  const protocol = clientProtocolOf(request, trust);
  headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(request, trust);
  headers[CLIENT_PROTO_HEADER] = protocol;
  headers['x-forwarded-proto'] = protocol;
  headers[STAMP_HEADER] = stamp;
}

function hasStamp(value: string | string[] | undefined, stamp: string): boolean {
  if (typeof value !== 'string') return false;
  const [given, expected] = [Buffer.from(value), Buffer.from(stamp)];
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1] : address;
}
