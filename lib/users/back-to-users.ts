/**
 * "Back to Users" on a user's page returns to the search the administrator came from: the
 * Users page links to `/users/<id>?from=<its own query>`, and the user page turns `from` back
 * into a link. `from` arrives from the address bar, so it is only ever read as a query string
 * for /users: never a path, a scheme or another host. Pure: no Next.js.
 */

/** Longer than any search the Users page writes (20 filters of bounded values), short enough for a URL. */
export const MAX_FROM_LENGTH = 2000;

const USERS_PATH = '/users';

/** The user page's address for `userId`, remembering the Users page query `usersQuery` (no leading "?"). */
export function userPageHref(userId: string, usersQuery: string): string {
  const path = `${USERS_PATH}/${encodeURIComponent(userId)}`;
  const from = cleanUsersQuery(usersQuery);
  return from ? `${path}?${new URLSearchParams({ from })}` : path;
}

/**
 * The "Back to Users" address for a `from` parameter: `/users?<from>` when `from` is a plain
 * query string of bounded length, else `/users` (a bad or hostile value simply loses the search).
 */
export function backToUsersHref(from: string | string[] | undefined | null): string {
  const query = typeof from === 'string' ? cleanUsersQuery(from) : '';
  return query ? `${USERS_PATH}?${query}` : USERS_PATH;
}

/**
 * `query` re-serialised as a query string, or '' when it is empty or too long. Whatever it
 * holds (search text may be `tel:+1…` or `litwareinc\\kenmyer`) comes back as encoded keys and
 * values after `/users?`, so it can never become a path, a scheme or another host.
 */
function cleanUsersQuery(query: string): string {
  const raw = query.startsWith('?') ? query.slice(1) : query;
  if (raw === '' || raw.length > MAX_FROM_LENGTH) return '';
  const out = new URLSearchParams(raw).toString();
  return out.length <= MAX_FROM_LENGTH ? out : '';
}
