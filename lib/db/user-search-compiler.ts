/**
 * The one compiler of user searches: a filter tree (lib/users/filter-tree.ts) with paging
 * and order becomes one SQL statement (lib/db/sql.ts), with a dialect for what the engines
 * do differently. tests/integration/user-search.test.ts checks the compiled statements row
 * for row against a plain Prisma query of the same tree (the oracle) on both engines.
 *
 * SQL rather than Prisma for the query plans on a large directory (bench/user-search.ts):
 * - Prisma turns a negated to-one relation filter (IsPinSet / IsLockedOut = False) into
 *   `LEFT JOIN pin_state … WHERE … OR j.user_id IS NULL`, which PostgreSQL estimates at a
 *   fraction of a percent of the rows when it is often most of them, and then sorts every
 *   match instead of walking the display-order index. NOT EXISTS is estimated properly.
 * - Prisma orders its count of max + 1 matches by id, so the engine finds and sorts them all.
 * - A selective text search is answered from the prefix indexes, then sorted (see Mode);
 *   SQLite's LIKE cannot use those indexes, so a prefix becomes a range there.
 * Conditions keep SQL's three-valued logic in mind under NOT. The user's text is literal:
 * `%`, `_` and `\` are escaped in every LIKE.
 */
import type { Provider } from '../../prisma/providers';
import type { ColumnNode, FilterNode, RelationNode, TextNode, UserFilterTree } from '../users/filter-tree';
import type { FilterOperator, SortColumn, SortOrder } from '../users/search-params';
import { escapeLike } from '../validation/wildcard';
import { expiredCondition, expiresWithinCondition, lockKindCondition } from './pin-state-sql';
import { empty, join, raw, sql, type Sql } from './sql';

/**
 * How the matches are read.
 * - walk: one query over directory_user; without a selective condition the engine walks a
 *   display-order index and stops at the LIMIT (it may also use a filter's index and sort).
 * - collect: for a text search that matches few users. Its matches are collected first
 *   (MATERIALIZED, through the prefix indexes) and sorted. Walking would be slow here: a
 *   prefix's matches sit together in display order ("Ken…"), so the walk reads everything
 *   before them — and the engines cannot know that.
 */
export type Mode = 'walk' | 'collect';

/**
 * A text search is walked when its matches reach this many (dense enough to walk): on SQLite
 * the matches of the text (collected through the prefix indexes, cheaply), on PostgreSQL
 * those of all conditions, whose collection costs more when there are many. Tuned on the
 * benchmark's directory (bench/README.md, "User search"). Mutable for the tests, which run
 * both modes.
 */
export const COLLECT_LIMIT: Record<Provider, number> = { sqlite: 3000, postgresql: 500 };

/** What differs between the engines. */
type Dialect = {
  /** A case-insensitive LIKE (Prisma's insensitive string filters). */
  readonly ilike: Sql;
  /** After a LIKE pattern: `\` is PostgreSQL's default escape, SQLite has none unless told. */
  readonly escape: Sql;
  /** `column` (lower-case text) starts with the lower-case `prefix`. */
  keyPrefix(column: Sql, prefix: string, indexed: boolean): Sql;
  /** `column` equals `value`; `indexed` as in keyPrefix. */
  keyEquals(column: Sql, value: string, indexed: boolean): Sql;
  /** `foreignKey` is one of the ids the subquery selects. */
  inIds(foreignKey: Sql, ids: Sql): Sql;
  /** The collect-mode statement: `body` receives the row source, aliased m, of `columns` (of u). */
  collect(text: Sql, filters: Sql[], limit: Sql, columns: Sql, body: (from: Sql) => Sql): Sql;
};

const like = (d: Dialect, column: Sql, pattern: string, operator: Sql = raw('LIKE')): Sql => sql`${column} ${operator} ${pattern}${d.escape}`;

/**
 * The smallest string above every string that starts with `prefix`, in code point order
 * (SQLite's BINARY collation); null when there is none we can write safely.
 */
function prefixUpperBound(prefix: string): string | null {
  const last = prefix.charCodeAt(prefix.length - 1);
  if (Number.isNaN(last) || (last >= 0xd7ff && last <= 0xdfff) || last === 0xffff) return null;
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

const sqlite: Dialect = {
  ilike: raw('LIKE'),
  escape: raw(" ESCAPE '\\'"),
  // SQLite's LIKE only uses an index on a NOCASE column, so the prefix becomes the range
  // [prefix, next) on the column's BINARY index: the same rows for lower-case text. Unless
  // `indexed`, the column is written `+column`, which keeps SQLite from answering the range
  // through its index.
  keyPrefix(column, prefix, indexed) {
    const upper = prefixUpperBound(prefix);
    if (upper === null) return like(sqlite, column, `${escapeLike(prefix)}%`);
    const operand = indexed ? column : sql`+${column}`;
    return sql`(${operand} >= ${prefix} AND ${operand} < ${upper})`;
  },
  keyEquals: (column, value, indexed) => sql`${indexed ? column : sql`+${column}`} = ${value}`,
  // SQLite already reads IN (subquery) ids from the index.
  inIds: (foreignKey, ids) => sql`${foreignKey} IN (${ids})`,
  // Only the text inside, the filters on the few matches outside. CROSS JOIN keeps the
  // matches as the outer loop: without statistics SQLite may otherwise drive from the index
  // of a filter (all Redmond users for "smi" + Site = Redmond).
  collect: (text, filters, limit, columns, body) => {
    const matches = sql`(SELECT ${columns} FROM text_matches t CROSS JOIN directory_user u WHERE ${join([sql`u.id = t.id`, ...filters], ' AND ')}) m`;
    return sql`WITH text_matches AS MATERIALIZED (SELECT u.id FROM directory_user u WHERE ${text}${limit}) ${body(matches)}`;
  },
};

const postgresql: Dialect = {
  ilike: raw('ILIKE'),
  escape: empty,
  // LIKE (no ESCAPE clause, so the planner still sees a constant prefix), answered by the
  // text_pattern_ops indexes (models.prisma) under any database collation, where a range
  // would not be a prefix match.
  keyPrefix: (column, prefix) => sql`${column} LIKE ${`${escapeLike(prefix)}%`}`,
  keyEquals: (column, value) => sql`${column} = ${value}`,
  // PostgreSQL cannot estimate IN (subquery) and walks every user; as an array it reads
  // those ids from the index.
  inIds: (foreignKey, ids) => sql`${foreignKey} = ANY (ARRAY(${ids}))`,
  // All conditions inside: the planner combines the prefix indexes with the filters'
  // (BitmapOr / BitmapAnd). Joined outside, it would rather hash every user of a filter.
  collect: (text, filters, limit, columns, body) =>
    sql`WITH text_matches AS MATERIALIZED (SELECT ${columns} FROM directory_user u WHERE ${join([text, ...filters], ' AND ')}${limit}) ${body(raw('text_matches m'))}`,
};

const dialects: Record<Provider, Dialect> = { sqlite, postgresql };

const sipPrefix = (text: string) => (text.startsWith('sip:') ? text : `sip:${text}`);

function textSql(d: Dialect, node: TextNode, indexed: boolean): Sql {
  const key = raw('u.display_name_key');
  if (node.kind === 'displayNameWildcard') {
    const clauses: Sql[] = [];
    if (node.first) clauses.push(d.keyPrefix(key, node.first, indexed));
    if (node.last) clauses.push(like(d, key, `%${escapeLike(node.last)}`));
    for (const part of node.middle) clauses.push(like(d, key, `%${escapeLike(part)}%`));
    return join(clauses, ' AND ');
  }
  const text = node.prefix;
  const arms = [
    d.keyPrefix(key, text, indexed),
    d.keyPrefix(raw('u.first_name_key'), text, indexed),
    d.keyPrefix(raw('u.last_name_key'), text, indexed),
    d.keyPrefix(raw('u.sam_account_name_key'), text, indexed),
    d.keyPrefix(raw('u.sip_address'), sipPrefix(text), indexed),
    d.keyPrefix(raw('u.line_uri_key'), text, indexed),
  ];
  // The caller's forms, each on its own index (an OR arm the engines answer by union).
  if (node.phoneDigitsReversed) arms.push(d.keyPrefix(raw('u.line_digits_reversed'), node.phoneDigitsReversed, indexed));
  if (node.extension) arms.push(d.keyEquals(raw('u.extension'), node.extension, indexed));
  if (node.domainLogon)
    arms.push(sql`(${d.keyPrefix(raw('u.sam_account_name_key'), node.domainLogon.logon, indexed)} AND u.domain_key = ${node.domainLogon.domain})`);
  if (node.upn) arms.push(d.keyPrefix(raw('u.upn_key'), node.upn, indexed));
  return join(arms, ' OR ', '(', ')');
}

/** Prisma's string filters: = ; LIKE on SQLite (ASCII case-insensitive), ILIKE on PostgreSQL (insensitive mode). */
function stringSql(d: Dialect, column: Sql, operator: FilterOperator, value: string): Sql {
  switch (operator) {
    case 'eq':
      return sql`${column} = ${value}`;
    case 'ne':
      return sql`NOT (${column} = ${value})`;
    case 'startsWith':
      return like(d, column, `${escapeLike(value)}%`, d.ilike);
    case 'contains':
      return like(d, column, `%${escapeLike(value)}%`, d.ilike);
    case 'isEmpty':
      return sql`${column} = ${''}`;
    case 'isNotEmpty':
      return sql`NOT (${column} = ${''})`;
  }
}

/** The lower-case key of each compared column (lib/users/user-keys.ts). */
const keyColumns: Record<Exclude<ColumnNode['column'], 'ouDn'>, Sql> = {
  department: raw('u.department_key'),
  title: raw('u.title_key'),
  office: raw('u.office_key'),
  city: raw('u.city_key'),
};

/**
 * A clause on a lower-case key column with the value in lower case: case-insensitive on
 * both engines, equality and prefix on the key's index.
 */
function keySql(d: Dialect, column: Sql, operator: FilterOperator, value: string): Sql {
  const key = value.toLowerCase();
  switch (operator) {
    case 'startsWith':
      return d.keyPrefix(column, key, true);
    case 'contains':
      return like(d, column, `%${escapeLike(key)}%`);
    default:
      return stringSql(d, column, operator, key);
  }
}

const relations = {
  site: { table: raw('site'), foreignKey: raw('u.site_id'), column: raw('name') },
  pinPolicy: { table: raw('pin_policy'), foreignKey: raw('u.pin_policy_id'), column: raw('identity') },
} as const;

/**
 * The one site (by name) or PIN policy (by identity) that Equal to names, ignoring case as
 * Skype for Business does: the exact spelling first, should two rows differ only in case.
 */
function namedRelationId(table: Sql, column: Sql, value: string): Sql {
  return sql`(SELECT r.id FROM ${table} r WHERE lower(r.${column}) = lower(${value}) ORDER BY CASE WHEN r.${column} = ${value} THEN 0 ELSE 1 END, r.id LIMIT 1)`;
}

/**
 * A to-one relation filter (site by name, PIN policy by identity; both unique). "No site"
 * is Prisma's LEFT JOIN finding no row; the foreign keys are enforced (ON DELETE SET NULL),
 * so that is a null key, which the (foreign key, display_name_key, id) index answers in order.
 */
function relationSql(d: Dialect, node: RelationNode): Sql {
  const { table, foreignKey, column } = relations[node.relation];
  switch (node.operator) {
    case 'isEmpty':
      return sql`${foreignKey} IS NULL`;
    case 'isNotEmpty':
      return sql`${foreignKey} IS NOT NULL`;
    case 'ne':
      return sql`(${foreignKey} IS NULL OR NOT (${foreignKey} IN ${namedRelationId(table, column, node.value)}))`;
    case 'eq':
      // At most one id; as an equality the engines walk that index in display order.
      return sql`${foreignKey} = ${namedRelationId(table, column, node.value)}`;
    default:
      return d.inIds(foreignKey, sql`SELECT r.id FROM ${table} r WHERE ${stringSql(d, sql`r.${column}`, node.operator, node.value)}`);
  }
}

const pinState = (condition: Sql) => sql`EXISTS (SELECT 1 FROM pin_state s WHERE s.user_id = u.id AND ${condition})`;

/**
 * The PINLifetime (days) of user u's effective policy (lib/pin/policy.ts resolveEffectivePolicy):
 * the granted per-user policy, else its site's (`site:<name>`), else the global one (0 when
 * none is stored: the defaults never expire). Each arm is a lookup on a unique key.
 */
const effectiveLifetimeSql = raw(
  "COALESCE((SELECT p.pin_lifetime FROM pin_policy p WHERE p.id = u.pin_policy_id), (SELECT p.pin_lifetime FROM site si JOIN pin_policy p ON p.identity = 'site:' || si.name WHERE si.id = u.site_id), (SELECT p.pin_lifetime FROM pin_policy p WHERE p.identity = 'global'), 0)",
);

/** u's PIN (pin_state s) is set, a condition on its expiry under u's effective policy holds. */
const pinExpiry = (condition: (setAt: Sql, lifetime: Sql) => Sql) =>
  pinState(sql`s.pin_hash IS NOT NULL AND s.pin_set_at IS NOT NULL AND ${condition(raw('s.pin_set_at'), effectiveLifetimeSql)}`);

function filterSql(d: Dialect, node: FilterNode, now: number): Sql {
  switch (node.kind) {
    case 'flag': {
      // EXISTS is true or false, never NULL: users without a (locked) PIN state are not.
      const condition =
        node.flag === 'enabled'
          ? sql`u.enabled = ${true}`
          : node.flag === 'isPinSet'
            ? pinState(raw('s.pin_hash IS NOT NULL'))
            : node.flag === 'isPinExpired'
              ? pinExpiry((setAt, lifetime) => expiredCondition(setAt, lifetime, now))
              : pinState(sql`(s.admin_locked_at IS NOT NULL OR s.system_locked_at IS NOT NULL OR s.locked_until > ${BigInt(now)})`);
      if (node.value) return condition;
      return node.flag === 'enabled' ? sql`NOT (${condition})` : sql`NOT ${condition}`;
    }
    case 'lockKind': {
      const condition = pinState(
        join(
          node.kinds.map((kind) => lockKindCondition(kind, now, 's')),
          ' OR ',
          '(',
          ')',
        ),
      );
      return node.negated ? sql`NOT ${condition}` : condition;
    }
    case 'expiresWithin':
      return pinExpiry((setAt, lifetime) => expiresWithinCondition(setAt, lifetime, now, node.days));
    case 'ou': {
      // The OU and its children: a prefix of the lower-cased path, so `OU=finance` finds OU=Finance
      // on PostgreSQL as on SQLite; on the ou_path_key index (text_pattern_ops on PostgreSQL).
      const condition = d.keyPrefix(raw('u.ou_path_key'), node.path.toLowerCase(), true);
      return node.negated ? sql`NOT (${condition})` : condition;
    }
    case 'relation':
      return relationSql(d, node);
    case 'column':
      return node.column === 'ouDn' ? stringSql(d, raw('u.ou_dn'), node.operator, node.value) : keySql(d, keyColumns[node.column], node.operator, node.value);
  }
}

/** How the result set is ordered (lib/users/search-params.ts): a column, then display order. */
export type SearchOrder = { sort: SortColumn; order: SortOrder };
export const DISPLAY_ORDER: SearchOrder = { sort: 'displayName', order: 'asc' };

/**
 * The sort column of each sortable column other than the display name, as `sort_key` of the
 * row source; each has an index (sip_address unique, department_key with display order).
 */
const sortKeys: Record<Exclude<SortColumn, 'displayName'>, Sql> = {
  sipAddress: raw('u.sip_address'),
  department: raw('u.department_key'),
};

/** The row source's columns: id and display_name_key, and sort_key unless sorted by display name. */
const sourceColumns = (o: SearchOrder): Sql =>
  o.sort === 'displayName' ? raw('u.id, u.display_name_key') : sql`u.id, u.display_name_key, ${sortKeys[o.sort]} AS sort_key`;

/**
 * ORDER BY for rows aliased `alias`. Sorted by display name, the terms are the
 * (display_name_key, id) index's, read either way; otherwise the sort key comes first. SIP
 * addresses are unique, so they need no tie-breaker, and without one SQLite can walk their
 * unique index instead of sorting every match (bench/README.md, issue 21).
 */
function orderBy(o: SearchOrder, alias: string): Sql {
  const direction = o.order === 'desc' ? ' DESC' : '';
  const columns = o.sort === 'displayName' ? ['display_name_key', 'id'] : o.sort === 'sipAddress' ? ['sort_key'] : ['sort_key', 'display_name_key', 'id'];
  const terms = columns.map((column) => `${alias}.${column}${direction}`);
  return raw(`ORDER BY ${terms.join(', ')}`);
}

/** The columns a page or id list carries out of the row source m (sort_key when sorted by it). */
const carried = (o: SearchOrder): Sql => raw(o.sort === 'displayName' ? 'm.id, m.display_name_key' : 'm.id, m.display_name_key, m.sort_key');

const COLLECTED = raw('(SELECT COUNT(*) FROM text_matches)');

/**
 * The tree's matches as a statement: `body(from)` receives the row source, aliased m (id,
 * display_name_key); in collect mode the statement also defines text_matches, holding at
 * most COLLECT_LIMIT rows.
 */
function searchSql(provider: Provider, tree: UserFilterTree, now: number, mode: Mode, o: SearchOrder, body: (from: Sql) => Sql): Sql {
  const d = dialects[provider];
  const filters = tree.filters.map((node) => filterSql(d, node, now));
  const columns = sourceColumns(o);
  if (mode === 'walk' || tree.text === null) {
    const conditions = tree.text === null ? filters : [textSql(d, tree.text, false), ...filters];
    const where = conditions.length ? sql` WHERE ${join(conditions, ' AND ')}` : empty;
    return body(sql`(SELECT ${columns} FROM directory_user u${where}) m`);
  }
  return d.collect(textSql(d, tree.text, true), filters, sql` LIMIT ${COLLECT_LIMIT[provider]}`, columns, body);
}

/**
 * In collect mode, no page when the collection reached its limit (the text is then walked,
 * the statement's page would be thrown away): a constant condition, checked once before
 * anything is read (PostgreSQL's one-time filter; SQLite tests constant terms first).
 */
const collectedGuard = (provider: Provider, mode: Mode) => (mode === 'collect' ? sql` WHERE ${COLLECTED} < ${COLLECT_LIMIT[provider]}` : empty);

/** The mode a search starts in: collect for a text, which falls back to walk when the text matches many. */
export const firstMode = (tree: UserFilterTree): Mode => (tree.text === null ? 'walk' : 'collect');

/** The page's users with what their row shows. */
const PAGE_COLUMNS = raw(
  'u.id, m.display_name_key, u.display_name, u.sip_address, u.line_uri, u.extension, u.department, si.name AS site_name, po.identity AS policy_identity, ' +
    'st.user_id AS state_user_id, st.pin_length, st.pin_set_at, st.admin_locked_at, st.system_locked_at, st.locked_until',
);
// CROSS JOIN: SQLite reads the page's few users by id (it may otherwise scan them all).
const pageRows = (page: Sql, o: SearchOrder) =>
  sql`SELECT ${PAGE_COLUMNS}${o.sort === 'displayName' ? empty : raw(', m.sort_key')} FROM ${page} CROSS JOIN directory_user u LEFT JOIN site si ON si.id = u.site_id LEFT JOIN pin_policy po ON po.id = u.pin_policy_id LEFT JOIN pin_state st ON st.user_id = u.id WHERE u.id = m.id`;

export type PageQuery = { tree: UserFilterTree; now: number; mode: Mode; countLimit: number; skip: number; take: number; order?: SearchOrder };

/**
 * The count of up to `countLimit` matches and the page at `skip` (at most `take` rows), in
 * one statement: the count is a one-row table the page is left-joined to, so that it comes
 * back even for an empty page. In collect mode also the number of collected matches.
 * The count is in no particular order: the engine stops at the limit along whatever index
 * suits the conditions, or its table, whose order is unrelated to names (a walked text's
 * matches are met evenly there, not bunched as in display order).
 */
export function compilePageQuery(provider: Provider, q: PageQuery): Sql {
  const o = q.order ?? DISPLAY_ORDER;
  return searchSql(provider, q.tree, q.now, q.mode, o, (from) => {
    const count = sql`(SELECT COUNT(*) FROM (SELECT 1 FROM ${from} LIMIT ${q.countLimit}) c)`;
    const collected = q.mode === 'collect' ? COLLECTED : raw('NULL');
    const page = sql`(SELECT ${carried(o)} FROM ${from}${collectedGuard(provider, q.mode)} ${orderBy(o, 'm')} LIMIT ${q.take} OFFSET ${q.skip}) m`;
    return sql`SELECT k.n, k.collected, p.* FROM (SELECT ${count} AS n, ${collected} AS collected) k LEFT JOIN (${pageRows(page, o)}) p ON TRUE ${orderBy(o, 'p')}`;
  });
}

export type IdsQuery = { tree: UserFilterTree; now: number; mode: Mode; max: number; order?: SearchOrder };

/**
 * The first `max` matching ids in display order ("Select all search results"). In collect
 * mode the number collected comes back too, even when no user matches, as in the page query.
 */
export function compileIdsQuery(provider: Provider, q: IdsQuery): Sql {
  const o = q.order ?? DISPLAY_ORDER;
  return searchSql(provider, q.tree, q.now, q.mode, o, (from) => {
    const ids = sql`SELECT ${carried(o)} FROM ${from}${collectedGuard(provider, q.mode)} ${orderBy(o, 'm')} LIMIT ${q.max}`;
    return q.mode === 'collect'
      ? sql`SELECT k.collected, p.id FROM (SELECT ${COLLECTED} AS collected) k LEFT JOIN (${ids}) p ON TRUE ${orderBy(o, 'p')}`
      : sql`SELECT p.id FROM (${ids}) p ${orderBy(o, 'p')}`;
  });
}
