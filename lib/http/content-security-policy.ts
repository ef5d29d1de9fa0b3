/**
 * The Content-Security-Policy of every page, with a fresh nonce per request (proxy.ts): only
 * scripts carrying the nonce run — Next.js puts it on its own scripts when it finds it in the
 * request's Content-Security-Policy header — and scripts they load ('strict-dynamic'). No
 * inline event handlers, no eval, no plugins, no <base>, no framing, forms post only here (and
 * to the identity provider a sign-in form is redirected to).
 * No Node.js imports: proxy.ts runs it.
 */
const NONCE_BYTES = 16;

export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * `development`: `next dev`, whose React needs eval for its debugging aids and whose styles
 * are injected inline without the nonce; never in a production build.
 */
export function contentSecurityPolicy(
  nonce: string,
  {
    development = false,
    signInOrigin = null,
  }: {
    development?: boolean;
    /** The identity provider's origin: "Sign in with …" posts a form that redirects there (form-action covers redirects). */
    signInOrigin?: string | null;
  } = {},
): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    // A nonce in style-src turns 'unsafe-inline' off, which next dev's injected styles need.
    development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    // style="" attributes (a progress bar's width) cannot carry a nonce; they cannot run script.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self'${signInOrigin ? ` ${signInOrigin}` : ''}`,
    "frame-ancestors 'none'",
  ];
  return directives.join('; ');
}

/** The origin of AUTH_OIDC_ISSUER, or null when unset or not a URL (the server refuses to start then anyway). */
export function signInOriginOf(issuer: string | undefined): string | null {
  if (!issuer) return null;
  try {
    return new URL(issuer).origin;
  } catch {
    return null;
  }
}
