/**
 * Response headers for every answer: Next.js adds them through next.config.js, and
 * server.ts to the answers it serves itself. Plain JavaScript, because next.config.js
 * imports it.
 */
export const SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];
