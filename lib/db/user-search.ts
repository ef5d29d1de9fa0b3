/**
 * The Users page search on the database: the text box (prefix match on display name, first
 * and last name, SAM account name, SIP address and line URI, and the caller's forms: phone
 * number, extension, domain\logon, UPN; `*` wildcards on display names), ANDed filter
 * clauses, "Maximum users to display", the sort, paging, and the PIN status
 * columns derived from each user's effective policy. Which users match is the filter tree
 * (lib/users/filter-tree.ts); the statements come from its one compiler
 * (user-search-compiler.ts) and run on lib/db's executor (executor.ts).
 */
import { activeLock } from '../pin/lockout';
import { resolveEffectivePolicy } from '../pin/policy';
import { pinExpirationTime } from '../pin/status';
import { emptyPinState } from '../pin/types';
import { userFilterTree, type UserFilterTree } from '../users/filter-tree';
import { PAGE_SIZE, searchOrder, type UserSearch } from '../users/search-params';
import type { UserRow, UserSearchResult } from '../users/search-result';
import type { DbHandle } from './client';
import { fromRawPolicy, POLICY_COLUMNS, type RawPolicy } from './pin-store';
import { raw, sql } from './sql';
import { COLLECT_LIMIT, compileIdsQuery, compilePageQuery, DISPLAY_ORDER, firstMode, type Mode, type SearchOrder } from './user-search-compiler';

export type { UserRow, UserSearchResult } from '../users/search-result';

/** What the search needs of the process's database: its statements run on lib/db's executor. */
export type SearchDb = Pick<DbHandle, 'executor' | 'target'>;

/** A 64-bit integer as the executor reads it: a number from SQLite, its digits from pg. */
type Int = number | string;

/** One statement's row: the count (and, for a text, how many matches were collected) and a page row. */
type PageRow = {
  n: Int;
  collected: Int | null;
  id: string | null;
  display_name: string;
  sip_address: string;
  line_uri: string;
  extension: string;
  department: string;
  site_name: string | null;
  policy_identity: string | null;
  state_user_id: string | null;
  pin_length: Int | null;
  pin_set_at: Int | null;
  admin_locked_at: Int | null;
  system_locked_at: Int | null;
  locked_until: Int | null;
};

const numberOrNull = (value: Int | null) => (value === null ? null : Number(value));

/** The policies' text never varies, so PostgreSQL may keep it prepared; the search texts vary with the tree. */
const POLICIES = sql`SELECT ${raw(POLICY_COLUMNS)} FROM pin_policy`;

/** What a search shows: its filter tree read with "Maximum users to display" and a page. */
export type Paging = Pick<UserSearch, 'max' | 'page' | 'sort' | 'order'>;

export function searchUsers(handle: SearchDb, search: UserSearch, now = Date.now()): Promise<UserSearchResult> {
  return searchUserTree(handle, userFilterTree(search), search, now);
}

/** Every user id of the result set ("Select all search results"), in display order. */
export function searchUserIds(handle: SearchDb, search: UserSearch, now = Date.now()): Promise<string[]> {
  return searchUserTreeIds(handle, userFilterTree(search), search.max, now, searchOrder(search));
}

export async function searchUserTree({ executor, target }: SearchDb, tree: UserFilterTree, search: Paging, now = Date.now()): Promise<UserSearchResult> {
  const { provider } = target;
  const order = searchOrder(search);
  const policies = executor.query<RawPolicy>(POLICIES, { prepared: true });
  // Awaited after the page: if a page read fails first, this one's failure must not go unhandled.
  policies.catch(() => undefined);
  const readPage = (mode: Mode, page: number) => {
    const skip = (page - 1) * PAGE_SIZE;
    const take = Math.max(0, Math.min(PAGE_SIZE, search.max - skip));
    return executor.query<PageRow>(compilePageQuery(provider, { tree, now, mode, countLimit: search.max + 1, skip, take, order }));
  };
  // Read the page asked for while counting one past the maximum (enough to say "more
  // matched"); a page past the end is read again once the count is known.
  let mode = firstMode(tree);
  let result = await readPage(mode, search.page);
  if (mode === 'collect' && Number(result[0].collected) >= COLLECT_LIMIT[provider]) {
    mode = 'walk';
    result = await readPage(mode, search.page);
  }
  const matched = Number(result[0].n);
  const total = Math.min(matched, search.max);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(search.page, pages);
  if (page !== search.page) result = await readPage(mode, page);
  const policyMap = new Map((await policies).map((p) => [p.identity, fromRawPolicy(p)]));
  const rows = result
    .filter((u) => u.id !== null)
    .map((u): UserRow => {
      const hasState = u.state_user_id !== null;
      const pinSetAt = numberOrNull(u.pin_set_at);
      const isPinSet = hasState && Number(u.pin_length) > 0 && pinSetAt !== null;
      const setAt = isPinSet ? pinSetAt : null;
      const effective = resolveEffectivePolicy({ grantedPolicy: u.policy_identity, siteName: u.site_name }, policyMap);
      const lock = hasState
        ? activeLock(
            {
              ...emptyPinState,
              adminLockedAt: numberOrNull(u.admin_locked_at),
              systemLockedAt: numberOrNull(u.system_locked_at),
              lockedUntil: numberOrNull(u.locked_until),
            },
            now,
          )
        : null;
      return {
        id: u.id!,
        displayName: u.display_name,
        sipAddress: u.sip_address,
        lineUri: u.line_uri,
        extension: u.extension,
        department: u.department,
        site: u.site_name,
        isPinSet,
        isLockedOut: lock !== null,
        lastPinChange: setAt,
        pinExpires: pinExpirationTime(setAt, effective.policy),
      };
    });
  return { total, truncated: matched > search.max, page, pages, rows };
}

/** The first `max` user ids the tree selects, in the search's order (display order unless sorted). */
export async function searchUserTreeIds(
  { executor, target }: SearchDb,
  tree: UserFilterTree,
  max: number,
  now = Date.now(),
  order: SearchOrder = DISPLAY_ORDER,
): Promise<string[]> {
  const { provider } = target;
  if (firstMode(tree) === 'collect') {
    const rows = await executor.query<{ id: string | null; collected: Int }>(compileIdsQuery(provider, { tree, now, mode: 'collect', max, order }));
    if (Number(rows[0].collected) < COLLECT_LIMIT[provider]) return rows.flatMap((r) => (r.id === null ? [] : [r.id]));
  }
  const rows = await executor.query<{ id: string }>(compileIdsQuery(provider, { tree, now, mode: 'walk', max, order }));
  return rows.map((r) => r.id);
}
