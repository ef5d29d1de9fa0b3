/**
 * The Users search behind each Overview tile: the tile counts exactly the users its search
 * selects (enabled users only), so opening it shows the same number. Pure.
 */
import { DEFAULT_MAX_USERS, MAX_USERS_LIMIT, userSearchToParams, type FilterClause, type UserSearch } from '../users/search-params';
import { EXPIRING_WITHIN_DAYS, type LockoutKind } from './overview-types';

export type OverviewTile = 'enabledUsers' | 'withPin' | 'withoutPin' | 'locked' | `locked.${LockoutKind}` | 'expiringSoon' | 'expired';

const enabled: FilterClause = { property: 'enabled', operator: 'eq', value: 'True' };

const tileFilters: Record<OverviewTile, FilterClause[]> = {
  enabledUsers: [],
  withPin: [{ property: 'isPinSet', operator: 'eq', value: 'True' }],
  withoutPin: [{ property: 'isPinSet', operator: 'eq', value: 'False' }],
  locked: [{ property: 'lockKind', operator: 'isNotEmpty', value: '' }],
  'locked.temporary': [{ property: 'lockKind', operator: 'eq', value: 'Temporary' }],
  'locked.system': [{ property: 'lockKind', operator: 'eq', value: 'System' }],
  'locked.admin': [{ property: 'lockKind', operator: 'eq', value: 'Admin' }],
  expiringSoon: [{ property: 'pinExpiresWithinDays', operator: 'eq', value: String(EXPIRING_WITHIN_DAYS) }],
  expired: [{ property: 'isPinExpired', operator: 'eq', value: 'True' }],
};

/** The tile's search; "Maximum users to display" is raised when the tile counts more than the default shows. */
export function tileSearch(tile: OverviewTile, count: number): UserSearch {
  return { q: '', filters: [enabled, ...tileFilters[tile]], max: count > DEFAULT_MAX_USERS ? MAX_USERS_LIMIT : DEFAULT_MAX_USERS, page: 1 };
}

/** The Users page URL of the tile's search (bookmarkable: the search lives in the URL). */
export function tileHref(tile: OverviewTile, count: number): string {
  return `/users?${userSearchToParams(tileSearch(tile, count))}`;
}
