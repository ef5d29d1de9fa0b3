/**
 * Whether a cookie-authenticated API request comes from PinDesk's own pages. A browser sends
 * the session cookie with requests that other sites start too (SameSite=Lax lets top-level
 * navigations through, and same-site hosts are not cross-site to the cookie), so an API route
 * that trusts the cookie must also check where the request comes from: `Origin` when the
 * browser sent one, else `Sec-Fetch-Site`. A request with neither (a script, curl) is no
 * cross-site request a browser made on someone's behalf, so it passes.
 *
 * The own origin is the request's Host (or X-Forwarded-Host, which server.ts keeps only from a
 * trusted proxy) with the protocol server.ts established (lib/http/client-address.ts). An
 * `https://` Origin on the own host is accepted on a plain-HTTP hop too: behind a TLS proxy
 * not named in TRUSTED_PROXIES, only the host can be checked, and no other site can serve
 * pages from the own host name.
 */
import { clientProtocol, type HeaderReader } from './request-info';

export type OriginCheck = { ok: true } | { ok: false; origin: string | null; secFetchSite: string | null };

/** Sec-Fetch-Site values a browser sends for PinDesk's own pages and for an address typed or bookmarked. */
const OWN_FETCH_SITES = new Set(['same-origin', 'none']);
const MAX_REPORTED_LENGTH = 200;

export function checkSameOrigin(headers: HeaderReader): OriginCheck {
  const origin = headers.get('origin');
  const secFetchSite = headers.get('sec-fetch-site');
  const refused: OriginCheck = { ok: false, origin: origin?.slice(0, MAX_REPORTED_LENGTH) ?? null, secFetchSite: secFetchSite?.slice(0, 32) ?? null };
  if (origin !== null) {
    const claimed = normalizedOrigin(origin);
    return claimed !== null && ownOrigins(headers).has(claimed) ? { ok: true } : refused;
  }
  if (secFetchSite !== null) return OWN_FETCH_SITES.has(secFetchSite.toLowerCase()) ? { ok: true } : refused;
  return { ok: true };
}

/** An origin as the URL standard serializes it (host lowercased, default port dropped), or null. */
function normalizedOrigin(value: string): string | null {
  if (value.length > MAX_REPORTED_LENGTH) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** The host the browser asked for: the leftmost X-Forwarded-Host (server.ts keeps it only from a trusted proxy), else Host. */
function requestedHost(headers: HeaderReader): string | undefined {
  return (headers.get('x-forwarded-host')?.split(',')[0] ?? headers.get('host'))?.trim() || undefined;
}

function ownOrigins(headers: HeaderReader): Set<string> {
  const host = requestedHost(headers);
  if (!host) return new Set();
  const protocol = clientProtocol(headers);
  const origins = [`${protocol}://${host}`, `https://${host}`].map(normalizedOrigin);
  return new Set(origins.filter((o): o is string => o !== null));
}

/**
 * The origin the browser used, or null when the headers do not name a valid one. Auth.js builds
 * the OpenID Connect redirect URI from its request's URL, which Next.js bases on the server's
 * own host name (localhost); the sign-in started from the browser's host, so the callback
 * must be seen there too, or the token exchange's redirect URI would not match.
 */
export function publicOrigin(headers: HeaderReader): string | null {
  const host = requestedHost(headers);
  return host ? normalizedOrigin(`${clientProtocol(headers)}://${host}`) : null;
}
