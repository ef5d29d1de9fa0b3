/**
 * Where to go after signing in: a path on this site only, else the home page.
 *
 * The value is resolved the way a browser would resolve it (`new URL(value, base)`), so every
 * trick a browser undoes — tabs and newlines it strips (`/\t/evil`), backslashes it reads as
 * slashes (`/\evil`), dot segments (`/.//evil`) — is undone here first, and only a URL that
 * stays on the own origin is kept, as its path, query and fragment. A path that still starts
 * with `//` after resolving would be protocol-relative in a Location header, so it is refused.
 */
const MAX_CALLBACK_LENGTH = 2048;
/** Stands for the own origin when the caller passes none: only relative targets then resolve onto it. */
const PLACEHOLDER_ORIGIN = 'http://pindesk.invalid';

export function safeCallbackUrl(value: unknown, ownOrigin: string = PLACEHOLDER_ORIGIN): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_CALLBACK_LENGTH) return '/';
  let base: URL;
  let target: URL;
  try {
    base = new URL(ownOrigin);
    target = new URL(value, base);
  } catch {
    return '/';
  }
  if (target.origin !== base.origin) return '/';
  const path = `${target.pathname}${target.search}${target.hash}`;
  if (!path.startsWith('/') || path.startsWith('//')) return '/';
  return path;
}
