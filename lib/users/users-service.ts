import 'server-only';
/**
 * The Users page's reads and its saved queries, on this process's database: the user search
 * (lib/db/user-search.ts) and each administrator's saved queries (lib/db/saved-queries.ts).
 * The callers check user.read; saved queries are always the signed-in caller's own.
 */
import * as directoryLists from '../db/directory-lists';
import * as savedQueries from '../db/saved-queries';
import { searchUserIds, searchUsers } from '../db/user-search';
import { getDb } from '../server/composition-root';

export type { SavedQueryView } from '../db/saved-queries';

type Search = Parameters<typeof searchUsers>[1];
type SavedQueryInput = Parameters<typeof savedQueries.saveQueries>[2];

/** One page of the search, with its total. */
export function findUsers(search: Search) {
  return searchUsers(getDb(), search);
}

/** Every id the search selects, in display order (up to its maximum). */
export function findUserIds(search: Parameters<typeof searchUserIds>[1]) {
  return searchUserIds(getDb(), search);
}

export function listSavedQueries(ownerId: string) {
  return savedQueries.listSavedQueries(getDb().db, ownerId);
}

export function saveQueries(ownerId: string, queries: SavedQueryInput) {
  return savedQueries.saveQueries(getDb().db, ownerId, queries);
}

export function deleteSavedQuery(ownerId: string, id: string) {
  return savedQueries.deleteSavedQuery(getDb().db, ownerId, id);
}

/** The directory's site names (the PIN Policy page offers those without a site policy). */
export function listSiteNames(): Promise<string[]> {
  return directoryLists.listSiteNames(getDb().db);
}

/** The per-user PIN policies, by identity (the Users page's Assign policy choice). */
export function listPerUserPolicies() {
  return directoryLists.listPerUserPolicies(getDb().db);
}

/** Every OU's distinguished name, in tree order (the Users page's OU preset). */
export function listOrgUnits() {
  return directoryLists.listOrgUnits(getDb().db);
}
