/** Who is calling: the source address of a request, for rate limits and the audit trail. */

/** A web Headers object, or server.ts's view of a Node request's headers. */
export type HeaderReader = Pick<Headers, 'get'>;

/**
 * The client's address: the rightmost X-Forwarded-For entry, i.e. the one written by the
 * nearest hop — the load balancer in front of PinDesk, or Next.js itself, which fills the
 * header from the socket when it is absent. Exposed directly to clients, the header can be
 * forged, so per-address limits then rely on the per-account ones too (README, security).
 */
export function clientAddress(headers: HeaderReader): string {
  const hops = headers.get('x-forwarded-for')?.split(',') ?? [];
  const nearest = hops.at(-1)?.trim();
  return nearest ? nearest.slice(0, 64) : 'unknown';
}

export function userAgent(headers: HeaderReader): string {
  return (headers.get('user-agent') ?? '').slice(0, 512);
}
