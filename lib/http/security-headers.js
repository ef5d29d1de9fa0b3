/**
 * Response headers for every answer: Next.js adds them through next.config.js, and
 * server.ts to the answers it serves itself. Plain JavaScript, because next.config.js
 * imports it. Pages also get a per-request Content-Security-Policy (proxy.ts).
 */
export const SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

/**
 * Only on answers the client received over HTTPS (as server.ts established it: a TLS socket or
 * a trusted proxy's X-Forwarded-Proto): a browser then uses HTTPS only for this host for a year.
 * Not includeSubDomains: other hosts under the organisation's domain are not PinDesk's to decide.
 */
export const HTTPS_ONLY_HEADERS = [{ key: 'Strict-Transport-Security', value: 'max-age=31536000' }];

/**
 * For answers that are not pages of the app (API routes, and the few HTML pages Auth.js serves
 * itself under /api/auth): nothing may load or run, and nothing may frame them. Pages get the
 * nonce-based policy from proxy.ts instead.
 */
export const API_CONTENT_SECURITY_POLICY = [
  { key: 'Content-Security-Policy', value: "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'" },
];
