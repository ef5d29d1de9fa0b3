/**
 * What PinDesk answers while its database is unavailable (lib/db/unavailable.ts recognises
 * that): 503 with Retry-After, and words a person can act on. Importable by the error page
 * (a client component), the API and the production server alike: no server-only imports.
 */

/** Seconds a bridge or script should wait before trying again: a caller is waiting on the line, so not long. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** For people: pages, forms, the REST API. */
export const DATABASE_UNAVAILABLE_MESSAGE = 'PinDesk cannot reach its database right now; try again in a minute.';

/** For conferencing bridges: says that no PIN was judged, so the caller may simply retry. */
export const PIN_LOGON_UNAVAILABLE_MESSAGE =
  'The PIN service is temporarily unavailable (its database cannot be reached); no PIN was checked. Retry after the number of seconds in Retry-After.';

/**
 * Next.js keeps an error's own `digest` when a page or layout throws, and hands only the
 * digest (never the message) to app/error.tsx in production: this one tells the error page
 * to say "cannot reach its database" rather than "something went wrong".
 */
export const DATABASE_UNAVAILABLE_DIGEST = 'PINDESK_DATABASE_UNAVAILABLE';

export const databaseUnavailableHeaders = (): Record<string, string> => ({
  'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS),
  'Cache-Control': 'no-store',
});

/** The REST API's 503, in the shape of its other errors (`error`, `code`). */
export function databaseUnavailableResponse(): Response {
  return Response.json({ error: DATABASE_UNAVAILABLE_MESSAGE, code: 'DATABASE_UNAVAILABLE' }, { status: 503, headers: databaseUnavailableHeaders() });
}
