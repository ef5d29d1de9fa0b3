/**
 * The Users page search on the database: the text box (prefix match on display name, first
 * and last name, SAM account name, SIP address and line URI; `*` wildcards on display
 * names), ANDed filter clauses, "Maximum users to display", paging, and the PIN status
 * columns derived from each user's effective policy.
 *
 * The search is defined once as a Prisma condition (userSearchWhere, the reference) and run
 * as SQL built here that selects exactly the same users, in the same order —
 * tests/integration/user-search.test.ts checks that on both engines. The SQL exists for the
 * query plans on a large directory (bench/user-search.ts, 100,000 users):
 * - Prisma turns a negated to-one relation filter (IsPinSet / IsLockedOut = False) into
 *   `LEFT JOIN pin_state … WHERE … OR j.user_id IS NULL`, which PostgreSQL estimates at a
 *   fraction of a percent of the rows when it is often most of them, and then sorts every
 *   match instead of walking the display-order index. NOT EXISTS is estimated properly.
 * - Prisma orders its count of max + 1 matches by id, so the engine finds and sorts them all.
 * - A selective text search is answered from the prefix indexes, then sorted (see Mode);
 *   SQLite's LIKE cannot use those indexes, so a prefix becomes a range there.
 */
import { activeLock } from '../pin/lockout';
import { resolveEffectivePolicy } from '../pin/policy';
import { pinExpirationTime } from '../pin/status';
import { emptyPinState } from '../pin/types';
import { ouDnToPath } from '../users/directory-path';
import { PAGE_SIZE, type FilterClause, type UserSearch } from '../users/search-params';
import type { Provider } from '../../prisma/providers';
import type { Db } from './client';
import { fromRawPolicy, POLICY_COLUMNS, type RawPolicy } from './pin-store';
import { bindSql } from './raw-sql';
import { escapeLike } from '../validation/wildcard';

export type UserRow = {
  id: string;
  displayName: string;
  sipAddress: string;
  department: string;
  site: string | null;
  isPinSet: boolean;
  isLockedOut: boolean;
  lastPinChange: number | null;
  pinExpires: number | null;
};

export type UserSearchResult = {
  /** Matches in the result set (at most `max`). */
  total: number;
  /** Whether more users matched than "Maximum users to display" allows. */
  truncated: boolean;
  page: number;
  pages: number;
  rows: UserRow[];
};

// ---------------------------------------------------------------------------------------
// The reference: the search as a Prisma condition

type Where = Record<string, unknown>;

/**
 * Case-insensitive on both engines: SQLite's LIKE already is (ASCII); PostgreSQL needs the mode.
 * The user's `%` and `_` are literal (the SQL below escapes them). Prisma passes the value into
 * LIKE as it is; PostgreSQL's LIKE takes `\` as its escape character, so the escaped value
 * means the same there. SQLite's LIKE has none without an ESCAPE clause, which Prisma does not
 * write: on SQLite this reference cannot express a literal `%` or `_` (the test says so).
 */
function textMatch(provider: Provider, op: 'startsWith' | 'contains' | 'endsWith', value: string): Where {
  return provider === 'postgresql' ? { [op]: escapeLike(value), mode: 'insensitive' } : { [op]: value };
}

/** A case-sensitive Prisma text condition on a lower-case key column, `%` and `_` literal as in textMatch. */
const keyMatch = (provider: Provider, op: 'startsWith' | 'contains' | 'endsWith', value: string): Where => ({ [op]: provider === 'postgresql' ? escapeLike(value) : value });

function textSearch(provider: Provider, q: string): Where | null {
  const text = q.trim().toLowerCase();
  if (!text) return null;
  if (text.includes('*')) {
    // Only display names take wildcards (DOMAIN.md §1).
    const parts = text.split('*');
    const first = parts[0];
    const last = parts.at(-1)!;
    const middle = parts.slice(1, -1).filter(Boolean);
    const clauses: Where[] = [];
    if (first) clauses.push({ displayNameKey: keyMatch(provider, 'startsWith', first) });
    if (last) clauses.push({ displayNameKey: keyMatch(provider, 'endsWith', last) });
    for (const part of middle) clauses.push({ displayNameKey: keyMatch(provider, 'contains', part) });
    return clauses.length ? { AND: clauses } : null;
  }
  return {
    OR: [
      { displayNameKey: keyMatch(provider, 'startsWith', text) },
      { firstNameKey: keyMatch(provider, 'startsWith', text) },
      { lastNameKey: keyMatch(provider, 'startsWith', text) },
      { samAccountNameKey: keyMatch(provider, 'startsWith', text) },
      { sipAddress: keyMatch(provider, 'startsWith', sipPrefix(text)) },
      { lineUriKey: keyMatch(provider, 'startsWith', text) },
    ],
  };
}

const sipPrefix = (text: string) => (text.startsWith('sip:') ? text : `sip:${text}`);

const stringColumns = { department: 'department', title: 'title', office: 'office', city: 'city' } as const;

function lockedWhere(now: number): Where {
  // lockedUntil > now alone is NULL (not false) for a row without a temporary lock, and
  // NOT NULL would then drop that unlocked user from "IsLockedOut = False".
  return { OR: [{ adminLockedAt: { not: null } }, { systemLockedAt: { not: null } }, { AND: [{ lockedUntil: { not: null } }, { lockedUntil: { gt: BigInt(now) } }] }] };
}

/** One filter clause as a Prisma condition. */
function clauseWhere(provider: Provider, clause: FilterClause, now: number): Where {
  const { property, operator } = clause;
  const value = clause.value.trim();
  const negate = (where: Where): Where => ({ NOT: where });
  const truthy = /^true$/i.test(value);

  if (property === 'isPinSet' || property === 'isLockedOut' || property === 'enabled') {
    const wantTrue = operator === 'eq' ? truthy : !truthy;
    const condition =
      property === 'enabled' ? { enabled: true } : property === 'isPinSet' ? { pinState: { is: { pinHash: { not: null } } } } : { pinState: { is: lockedWhere(now) } };
    return wantTrue ? condition : negate(condition);
  }

  if (property === 'ou') {
    if (operator === 'eq' || operator === 'ne') {
      // The OU and its children (DOMAIN.md §1).
      const where = { ouPath: keyMatch(provider, 'startsWith', ouDnToPath(value)!) };
      return operator === 'eq' ? where : negate(where);
    }
    return stringClause(provider, 'ouDn', operator, value);
  }
  if (property === 'site') return siteOrPolicyClause(provider, 'site', 'name', operator, value);
  if (property === 'pinPolicy') return siteOrPolicyClause(provider, 'pinPolicy', 'identity', operator, policyIdentity(operator, value));
  return stringClause(provider, stringColumns[property], operator, value);
}

const policyIdentity = (operator: FilterClause['operator'], value: string) =>
  operator === 'eq' || operator === 'ne' ? (value.includes(':') ? value : `tag:${value}`) : value;

function stringClause(provider: Provider, column: string, operator: FilterClause['operator'], value: string): Where {
  switch (operator) {
    case 'eq':
      return { [column]: value };
    case 'ne':
      return { NOT: { [column]: value } };
    case 'startsWith':
      return { [column]: textMatch(provider, 'startsWith', value) };
    case 'contains':
      return { [column]: textMatch(provider, 'contains', value) };
    case 'isEmpty':
      return { [column]: '' };
    case 'isNotEmpty':
      return { NOT: { [column]: '' } };
  }
}

function siteOrPolicyClause(provider: Provider, relation: 'site' | 'pinPolicy', column: string, operator: FilterClause['operator'], value: string): Where {
  switch (operator) {
    case 'isEmpty':
      return { [relation]: { is: null } };
    case 'isNotEmpty':
      return { [relation]: { isNot: null } };
    case 'ne':
      return { OR: [{ [relation]: { is: null } }, { [relation]: { is: { NOT: { [column]: value } } } }] };
    default:
      return { [relation]: { is: stringClause(provider, column, operator, value) } };
  }
}

/**
 * The search as a Prisma condition on DirectoryUser: the definition of which users match.
 * searchUsers and searchUserIds run the equivalent SQL below.
 */
export function userSearchWhere(provider: Provider, search: Pick<UserSearch, 'q' | 'filters'>, now = Date.now()): Where {
  const clauses = [textSearch(provider, search.q), ...search.filters.map((f) => clauseWhere(provider, f, now))].filter((c): c is Where => c !== null);
  return clauses.length ? { AND: clauses } : {};
}

// ---------------------------------------------------------------------------------------
// The same search as SQL. Each condition mirrors its Prisma counterpart above, including
// SQL's three-valued logic under NOT. The user's text is literal: `%`, `_` and `\` are escaped
// in every LIKE (likeSql). Statements use $1, $2 … (raw-sql.ts).

/** Collects arguments; `arg` returns the placeholder of a new one. */
class Args {
  readonly values: unknown[] = [];
  arg(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * `column LIKE pattern` (or ILIKE) with `\` as the escape character on both engines: it is
 * PostgreSQL's default (no ESCAPE clause, so its planner still sees a constant prefix for the
 * text_pattern_ops indexes); SQLite has none unless told.
 */
function likeSql(provider: Provider, args: Args, column: string, pattern: string, operator: 'LIKE' | 'ILIKE' = 'LIKE'): string {
  return `${column} ${operator} ${args.arg(pattern)}${provider === 'sqlite' ? " ESCAPE '\\'" : ''}`;
}

/**
 * The smallest string above every string that starts with `prefix`, in code point order
 * (SQLite's BINARY collation); null when there is none we can write safely.
 */
function prefixUpperBound(prefix: string): string | null {
  const last = prefix.charCodeAt(prefix.length - 1);
  if (Number.isNaN(last) || (last >= 0xd7ff && last <= 0xdfff) || last === 0xffff) return null;
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

/**
 * `column` starts with `prefix`, for a column of lower-case text (the *_key columns; SIP
 * addresses, which are stored in lower case: identity lookups rely on it) and a lower-case
 * prefix. What Prisma's startsWith sends is `LIKE 'prefix%'`:
 * - SQLite: its LIKE only uses an index on a NOCASE column, so the prefix becomes the range
 *   [prefix, next) on the column's BINARY index — the same rows for lower-case text. Unless
 *   `indexed`, the column is written `+column`, which keeps SQLite from answering the range
 *   through its index.
 * - PostgreSQL: LIKE, answered by the text_pattern_ops indexes (models.prisma) under any
 *   database collation, where a range would not be a prefix match.
 */
function keyPrefix(provider: Provider, args: Args, column: string, prefix: string, indexed: boolean): string {
  const upper = provider === 'sqlite' ? prefixUpperBound(prefix) : null;
  if (upper === null) return likeSql(provider, args, column, `${escapeLike(prefix)}%`);
  const operand = indexed ? column : `+${column}`;
  return `(${operand} >= ${args.arg(prefix)} AND ${operand} < ${args.arg(upper)})`;
}

function textSql(provider: Provider, args: Args, q: string, indexed: boolean): string | null {
  const text = q.trim().toLowerCase();
  if (!text) return null;
  if (text.includes('*')) {
    const parts = text.split('*');
    const first = parts[0];
    const last = parts.at(-1)!;
    const middle = parts.slice(1, -1).filter(Boolean);
    const clauses: string[] = [];
    if (first) clauses.push(keyPrefix(provider, args, 'u.display_name_key', first, indexed));
    if (last) clauses.push(likeSql(provider, args, 'u.display_name_key', `%${escapeLike(last)}`));
    for (const part of middle) clauses.push(likeSql(provider, args, 'u.display_name_key', `%${escapeLike(part)}%`));
    return clauses.length ? clauses.join(' AND ') : null;
  }
  const branches = [
    keyPrefix(provider, args, 'u.display_name_key', text, indexed),
    keyPrefix(provider, args, 'u.first_name_key', text, indexed),
    keyPrefix(provider, args, 'u.last_name_key', text, indexed),
    keyPrefix(provider, args, 'u.sam_account_name_key', text, indexed),
    keyPrefix(provider, args, 'u.sip_address', sipPrefix(text), indexed),
    keyPrefix(provider, args, 'u.line_uri_key', text, indexed),
  ];
  return `(${branches.join(' OR ')})`;
}

/** Prisma's string filters: = ; LIKE on SQLite (ASCII case-insensitive), ILIKE on PostgreSQL (insensitive mode). */
function stringSql(provider: Provider, args: Args, column: string, operator: FilterClause['operator'], value: string): string {
  const like = provider === 'postgresql' ? 'ILIKE' : 'LIKE';
  switch (operator) {
    case 'eq':
      return `${column} = ${args.arg(value)}`;
    case 'ne':
      return `NOT (${column} = ${args.arg(value)})`;
    case 'startsWith':
      return likeSql(provider, args, column, `${escapeLike(value)}%`, like);
    case 'contains':
      return likeSql(provider, args, column, `%${escapeLike(value)}%`, like);
    case 'isEmpty':
      return `${column} = ${args.arg('')}`;
    case 'isNotEmpty':
      return `NOT (${column} = ${args.arg('')})`;
  }
}

/**
 * A to-one relation filter (site by name, PIN policy by identity; both unique). "No site"
 * is Prisma's LEFT JOIN finding no row; the foreign keys are enforced (ON DELETE SET NULL),
 * so that is a null key, which the (foreign key, display_name_key, id) index answers in order.
 */
function relationSql(provider: Provider, args: Args, table: 'site' | 'pin_policy', foreignKey: string, column: string, operator: FilterClause['operator'], value: string): string {
  switch (operator) {
    case 'isEmpty':
      return `${foreignKey} IS NULL`;
    case 'isNotEmpty':
      return `${foreignKey} IS NOT NULL`;
    case 'ne':
      return `(${foreignKey} IS NULL OR EXISTS (SELECT 1 FROM ${table} r WHERE r.id = ${foreignKey} AND NOT (r.${column} = ${args.arg(value)})))`;
    case 'eq':
      // At most one id; as an equality the engines walk that index in display order.
      return `${foreignKey} = (SELECT r.id FROM ${table} r WHERE r.${column} = ${args.arg(value)})`;
    default: {
      const ids = `SELECT r.id FROM ${table} r WHERE ${stringSql(provider, args, `r.${column}`, operator, value)}`;
      // PostgreSQL cannot estimate IN (subquery) and walks every user; as an array it reads
      // those ids from the index. SQLite already does that for IN.
      return provider === 'postgresql' ? `${foreignKey} = ANY (ARRAY(${ids}))` : `${foreignKey} IN (${ids})`;
    }
  }
}

function clauseSql(provider: Provider, args: Args, clause: FilterClause, now: number): string {
  const { property, operator } = clause;
  const value = clause.value.trim();

  if (property === 'isPinSet' || property === 'isLockedOut' || property === 'enabled') {
    const wantTrue = operator === 'eq' ? /^true$/i.test(value) : !/^true$/i.test(value);
    if (property === 'enabled') {
      const condition = `u.enabled = ${args.arg(true)}`;
      return wantTrue ? condition : `NOT (${condition})`;
    }
    const state = (condition: string) => `EXISTS (SELECT 1 FROM pin_state s WHERE s.user_id = u.id AND ${condition})`;
    if (property === 'isPinSet') {
      const condition = state('s.pin_hash IS NOT NULL');
      return wantTrue ? condition : `NOT ${condition}`;
    }
    const nowArg = args.arg(BigInt(now));
    const locked = state(`(s.admin_locked_at IS NOT NULL OR s.system_locked_at IS NOT NULL OR s.locked_until > ${nowArg})`);
    // EXISTS is true or false, never NULL: users without a locked PIN state are not locked.
    return wantTrue ? locked : `NOT ${locked}`;
  }

  if (property === 'ou') {
    if (operator === 'eq' || operator === 'ne') {
      // The OU and its children (DOMAIN.md §1); Prisma's startsWith, so LIKE on both engines.
      const condition = likeSql(provider, args, 'u.ou_path', `${escapeLike(ouDnToPath(value)!)}%`);
      return operator === 'eq' ? condition : `NOT (${condition})`;
    }
    return stringSql(provider, args, 'u.ou_dn', operator, value);
  }
  if (property === 'site') return relationSql(provider, args, 'site', 'u.site_id', 'name', operator, value);
  if (property === 'pinPolicy') return relationSql(provider, args, 'pin_policy', 'u.pin_policy_id', 'identity', operator, policyIdentity(operator, value));
  return stringSql(provider, args, `u.${stringColumns[property]}`, operator, value);
}

type Query = { sql: string; args: unknown[] };

/**
 * How the matches are read.
 * - walk: one query over directory_user; without a selective condition the engine walks a
 *   display-order index and stops at the LIMIT (it may also use a filter's index and sort).
 * - collect: for a text search that matches few users. Its matches are collected first
 *   (MATERIALIZED, through the prefix indexes) and sorted. Walking would be slow here: a
 *   prefix's matches sit together in display order ("Ken…"), so the walk reads everything
 *   before them — and the engines cannot know that.
 */
type Mode = 'walk' | 'collect';

/**
 * A text search is walked when its matches reach this many (dense enough to walk): on SQLite
 * the matches of the text (collected through the prefix indexes, cheaply), on PostgreSQL
 * those of all conditions (searchSql), whose collection costs more when there are many.
 * Measured on 100,000 users (bench/user-search.ts and single- to three-letter texts).
 * Exported for the tests, which run both modes.
 */
export const COLLECT_LIMIT: Record<Provider, number> = { sqlite: 3000, postgresql: 500 };

/**
 * The matching users as SQL. `body(from)` receives the row source, aliased m (id,
 * display_name_key); in collect mode the statement also defines text_matches, holding at most
 * `collectLimit` rows when that is given.
 */
function searchSql(
  provider: Provider,
  search: Pick<UserSearch, 'q' | 'filters'>,
  now: number,
  mode: Mode,
  body: (from: string, args: Args) => string,
  collectLimit?: number,
): Query {
  const args = new Args();
  const text = textSql(provider, args, search.q, mode === 'collect');
  const filters = search.filters.map((f) => clauseSql(provider, args, f, now));
  if (mode === 'walk' || text === null) {
    const conditions = text === null ? filters : [text, ...filters];
    const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
    return bindSql(provider, body(`(SELECT u.id, u.display_name_key FROM directory_user u${where}) m`, args), args.values);
  }
  const limit = collectLimit === undefined ? '' : ` LIMIT ${args.arg(collectLimit)}`;
  if (provider === 'postgresql') {
    // All conditions inside: the planner combines the prefix indexes with the filters'
    // (BitmapOr / BitmapAnd). Joined outside, it would rather hash every user of a filter.
    const sql = `WITH text_matches AS MATERIALIZED (SELECT u.id, u.display_name_key FROM directory_user u WHERE ${[text, ...filters].join(' AND ')}${limit}) `;
    return bindSql(provider, sql + body('text_matches m', args), args.values);
  }
  // SQLite: only the text inside, the filters on the few matches outside. CROSS JOIN keeps the
  // matches as the outer loop: without statistics SQLite may otherwise drive from the index
  // of a filter (all Redmond users for "smi" + Site = Redmond).
  const where = ['u.id = t.id', ...filters].join(' AND ');
  const sql =
    `WITH text_matches AS MATERIALIZED (SELECT u.id FROM directory_user u WHERE ${text}${limit}) ` +
    body(`(SELECT u.id, u.display_name_key FROM text_matches t CROSS JOIN directory_user u WHERE ${where}) m`, args);
  return bindSql(provider, sql, args.values);
}

const ORDER_SQL = 'ORDER BY m.display_name_key, m.id';

async function query<T>(db: Db, q: Query): Promise<T[]> {
  return db.$queryRawUnsafe<T[]>(q.sql, ...q.args);
}

/** One statement's row: the count (and, for a text, how many matches were collected) and a page row. */
type PageRow = {
  n: number | bigint;
  collected: number | bigint | null;
  id: string | null;
  display_name: string;
  sip_address: string;
  department: string;
  site_name: string | null;
  policy_identity: string | null;
  state_user_id: string | null;
  pin_length: number | bigint | null;
  pin_set_at: number | bigint | string | null;
  admin_locked_at: number | bigint | string | null;
  system_locked_at: number | bigint | string | null;
  locked_until: number | bigint | string | null;
};

const numberOrNull = (value: number | bigint | string | null) => (value === null ? null : Number(value));

const hasText = (provider: Provider, q: string) => textSql(provider, new Args(), q, true) !== null;

/**
 * Up to `limit` matches, counted in no particular order: the engine stops at the limit along
 * whatever index suits the conditions, or its table, whose order is unrelated to names (a
 * walked text's matches are met evenly there, not bunched as in display order).
 */
function countSql(from: string, args: Args, limit: number): string {
  return `SELECT COUNT(*) FROM (SELECT 1 FROM ${from} LIMIT ${args.arg(limit)}) c`;
}

const COLLECTED_SQL = '(SELECT COUNT(*) FROM text_matches)';

/**
 * In collect mode, no page when the collection reached its limit (the text is then walked,
 * the statement's page would be thrown away): a constant condition, checked once before
 * anything is read (PostgreSQL's one-time filter; SQLite tests constant terms first).
 */
const collectedGuard = (provider: Provider, mode: Mode, args: Args) =>
  mode === 'collect' ? ` WHERE ${COLLECTED_SQL} < ${args.arg(COLLECT_LIMIT[provider])}` : '';

/**
 * The count of up to max + 1 matches and the page at `skip` (at most `take` rows), in one
 * statement: the count is a one-row table the page is left-joined to, so that it comes back
 * even for an empty page. In collect mode also the number of collected matches.
 */
async function readPage(db: Db, provider: Provider, search: UserSearch, now: number, mode: Mode, skip: number, take: number): Promise<PageRow[]> {
  return query<PageRow>(
    db,
    searchSql(
      provider,
      search,
      now,
      mode,
      (from, args) =>
        `SELECT k.n, k.collected, p.* FROM (SELECT (${countSql(from, args, search.max + 1)}) AS n, ` +
        `${mode === 'collect' ? COLLECTED_SQL : 'NULL'} AS collected) k LEFT JOIN (` +
        `SELECT u.id, m.display_name_key, u.display_name, u.sip_address, u.department, si.name AS site_name, po.identity AS policy_identity, ` +
        `st.user_id AS state_user_id, st.pin_length, st.pin_set_at, st.admin_locked_at, st.system_locked_at, st.locked_until ` +
        `FROM (SELECT m.id, m.display_name_key FROM ${from}${collectedGuard(provider, mode, args)} ${ORDER_SQL} LIMIT ${args.arg(take)} OFFSET ${args.arg(skip)}) m ` +
        // CROSS JOIN: SQLite reads the page's few users by id (it may otherwise scan them all).
        `CROSS JOIN directory_user u LEFT JOIN site si ON si.id = u.site_id LEFT JOIN pin_policy po ON po.id = u.pin_policy_id ` +
        `LEFT JOIN pin_state st ON st.user_id = u.id WHERE u.id = m.id) p ON TRUE ORDER BY p.display_name_key, p.id`,
      mode === 'collect' ? COLLECT_LIMIT[provider] : undefined,
    ),
  );
}

export async function searchUsers(db: Db, provider: Provider, search: UserSearch, now = Date.now()): Promise<UserSearchResult> {
  const policies = query<RawPolicy>(db, { sql: `SELECT ${POLICY_COLUMNS} FROM pin_policy`, args: [] });
  // Read the page asked for while counting one past the maximum (enough to say "more
  // matched"); a page past the end is read again once the count is known.
  const pageAt = (page: number) => {
    const skip = (page - 1) * PAGE_SIZE;
    return { skip, take: Math.max(0, Math.min(PAGE_SIZE, search.max - skip)) };
  };
  let mode: Mode = hasText(provider, search.q) ? 'collect' : 'walk';
  const asked = pageAt(search.page);
  let result = await readPage(db, provider, search, now, mode, asked.skip, asked.take);
  if (mode === 'collect' && Number(result[0].collected) >= COLLECT_LIMIT[provider]) {
    mode = 'walk';
    result = await readPage(db, provider, search, now, mode, asked.skip, asked.take);
  }
  const matched = Number(result[0].n);
  const total = Math.min(matched, search.max);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(search.page, pages);
  if (page !== search.page) {
    const clamped = pageAt(page);
    result = await readPage(db, provider, search, now, mode, clamped.skip, clamped.take);
  }
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

/** Every user id of the result set ("Select all search results"), in display order. */
export async function searchUserIds(db: Db, provider: Provider, search: UserSearch, now = Date.now()): Promise<string[]> {
  const ids = (mode: Mode, from: string, args: Args) =>
    `SELECT m.id, m.display_name_key FROM ${from}${collectedGuard(provider, mode, args)} ${ORDER_SQL} LIMIT ${args.arg(search.max)}`;
  if (hasText(provider, search.q)) {
    // As in readPage: the number collected comes back even when no user matches.
    const limit = COLLECT_LIMIT[provider];
    const rows = await query<{ id: string | null; collected: number | bigint }>(
      db,
      searchSql(
        provider,
        search,
        now,
        'collect',
        (from, args) => `SELECT k.collected, p.id FROM (SELECT ${COLLECTED_SQL} AS collected) k LEFT JOIN (${ids('collect', from, args)}) p ON TRUE ORDER BY p.display_name_key, p.id`,
        limit,
      ),
    );
    if (Number(rows[0].collected) < limit) return rows.flatMap((r) => (r.id === null ? [] : [r.id]));
  }
  const rows = await query<{ id: string }>(db, searchSql(provider, search, now, 'walk', (from, args) => `SELECT p.id FROM (${ids('walk', from, args)}) p ORDER BY p.display_name_key, p.id`));
  return rows.map((r) => r.id);
}
