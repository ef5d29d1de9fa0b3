/**
 * The oracle of the user search: a filter tree (lib/users/filter-tree.ts) as a plain Prisma
 * condition, and the search's result read through Prisma queries on it. It states which users
 * a tree selects in the simplest terms Prisma offers; the compiled SQL
 * (lib/db/user-search-compiler.ts) must return exactly the same, row for row.
 */
import type { Prisma } from '../../../lib/db/generated/sqlite/index.js';
import type { Db } from '../../../lib/db/client';
import { activeLock, type LockKind } from '../../../lib/pin/lockout';
import { resolveEffectivePolicy } from '../../../lib/pin/policy';
import { pinExpirationTime } from '../../../lib/pin/status';
import { emptyPinState, type PinPolicy, type PolicyScope } from '../../../lib/pin/types';
import type { ColumnNode, FilterNode, RelationNode, TextNode, UserFilterTree } from '../../../lib/users/filter-tree';
import { PAGE_SIZE, type FilterOperator, type UserSearch } from '../../../lib/users/search-params';
import type { UserRow, UserSearchResult } from '../../../lib/users/search-result';
import { escapeLike } from '../../../lib/validation/wildcard';
import type { Provider } from '../../../prisma/providers';

type Where = Record<string, unknown>;
type TextOp = 'startsWith' | 'contains' | 'endsWith';

/** A pin_policy row as Prisma reads it, as the domain's PinPolicy. */
function toPolicy(row: {
  identity: string;
  scope: string;
  description: string;
  minPasswordLength: number;
  pinHistoryCount: number;
  pinLifetime: number;
  allowCommonPatterns: boolean;
  maximumLogonAttempts: number | null;
}): PinPolicy {
  return {
    identity: row.identity,
    scope: row.scope as PolicyScope,
    description: row.description,
    minPasswordLength: row.minPasswordLength,
    pinHistoryCount: row.pinHistoryCount,
    pinLifetime: row.pinLifetime,
    allowCommonPatterns: row.allowCommonPatterns,
    maximumLogonAttempts: row.maximumLogonAttempts,
  };
}
/**
 * Case-insensitive on both engines: SQLite's LIKE already is (ASCII); PostgreSQL needs the mode.
 * The user's `%` and `_` are literal. Prisma passes the value into LIKE as it is; PostgreSQL's
 * LIKE takes `\` as its escape character, so the escaped value means the same there. SQLite's
 * LIKE has none without an ESCAPE clause, which Prisma does not write: on SQLite the oracle
 * cannot express a literal `%` or `_` (hasLikeCharacters).
 */
const textMatch = (provider: Provider, op: TextOp, value: string): Where =>
  provider === 'postgresql' ? { [op]: escapeLike(value), mode: 'insensitive' } : { [op]: value };

/** A case-sensitive text condition on a lower-case key column, `%` and `_` literal as in textMatch. */
const keyMatch = (provider: Provider, op: TextOp, value: string): Where => ({ [op]: provider === 'postgresql' ? escapeLike(value) : value });

function textWhere(provider: Provider, node: TextNode): Where {
  if (node.kind === 'displayNameWildcard') {
    const clauses: Where[] = [];
    if (node.first) clauses.push({ displayNameKey: keyMatch(provider, 'startsWith', node.first) });
    if (node.last) clauses.push({ displayNameKey: keyMatch(provider, 'endsWith', node.last) });
    for (const part of node.middle) clauses.push({ displayNameKey: keyMatch(provider, 'contains', part) });
    return { AND: clauses };
  }
  const text = node.prefix;
  return {
    OR: [
      { displayNameKey: keyMatch(provider, 'startsWith', text) },
      { firstNameKey: keyMatch(provider, 'startsWith', text) },
      { lastNameKey: keyMatch(provider, 'startsWith', text) },
      { samAccountNameKey: keyMatch(provider, 'startsWith', text) },
      { sipAddress: keyMatch(provider, 'startsWith', text.startsWith('sip:') ? text : `sip:${text}`) },
      { lineUriKey: keyMatch(provider, 'startsWith', text) },
      ...(node.phoneDigitsReversed ? [{ lineDigitsReversed: keyMatch(provider, 'startsWith', node.phoneDigitsReversed) }] : []),
      ...(node.extension ? [{ extension: node.extension }] : []),
      ...(node.domainLogon
        ? [{ AND: [{ samAccountNameKey: keyMatch(provider, 'startsWith', node.domainLogon.logon) }, { domainKey: node.domainLogon.domain }] }]
        : []),
      ...(node.upn ? [{ upnKey: keyMatch(provider, 'startsWith', node.upn) }] : []),
    ],
  };
}

/** A clause on a lower-case key column: the value lower-cased, compared as on any key. */
function keyWhere(provider: Provider, column: string, operator: FilterOperator, value: string): Where {
  const key = value.toLowerCase();
  switch (operator) {
    case 'startsWith':
      return { [column]: keyMatch(provider, 'startsWith', key) };
    case 'contains':
      return { [column]: keyMatch(provider, 'contains', key) };
    default:
      return stringWhere(provider, column, operator, key);
  }
}

function stringWhere(provider: Provider, column: string, operator: FilterOperator, value: string): Where {
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

/** The id of the site or PIN policy that Equal to names: its name ignoring case, the exact spelling first. */
export type NamedRelation = (relation: RelationNode['relation'], value: string) => string | null;

/** Every site and PIN policy read once, named as the compiled search names them (ASCII lower case, as SQLite's lower()). */
async function readNamedRelations(db: Db): Promise<NamedRelation> {
  const rows = {
    site: (await db.site.findMany({ select: { id: true, name: true } })).map((r) => ({ id: r.id, name: r.name })),
    pinPolicy: (await db.pinPolicy.findMany({ select: { id: true, identity: true } })).map((r) => ({ id: r.id, name: r.identity })),
  };
  const lower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return (relation, value) => {
    const matches = rows[relation].filter((r) => lower(r.name) === lower(value)).sort((a, b) => (a.id < b.id ? -1 : 1));
    return (matches.find((r) => r.name === value) ?? matches[0])?.id ?? null;
  };
}

/** What the domain (lib/pin) says of each user's PIN at `now`: its lock and when it expires. */
type PinFacts = Map<string, { lock: LockKind | null; expiresAt: number | null }>;

/** Every user's PIN status worked out by lib/pin's own functions, for the conditions Prisma cannot state (effective policy, lock kind). */
async function readPinFacts(db: Db, now: number): Promise<PinFacts> {
  const policies = new Map((await db.pinPolicy.findMany()).map((p) => [p.identity, toPolicy(p)]));
  const users = await db.directoryUser.findMany({
    select: {
      id: true,
      site: { select: { name: true } },
      pinPolicy: { select: { identity: true } },
      pinState: { select: { pinHash: true, pinSetAt: true, adminLockedAt: true, systemLockedAt: true, lockedUntil: true } },
    },
  });
  const n = (v: bigint | null) => (v === null ? null : Number(v));
  return new Map(
    users.map((u) => {
      const state = u.pinState;
      if (!state) return [u.id, { lock: null, expiresAt: null }];
      const effective = resolveEffectivePolicy({ grantedPolicy: u.pinPolicy?.identity ?? null, siteName: u.site?.name ?? null }, policies);
      const lock = activeLock(
        { ...emptyPinState, adminLockedAt: n(state.adminLockedAt), systemLockedAt: n(state.systemLockedAt), lockedUntil: n(state.lockedUntil) },
        now,
      );
      return [u.id, { lock: lock?.kind ?? null, expiresAt: state.pinHash === null ? null : pinExpirationTime(n(state.pinSetAt), effective.policy) }];
    }),
  );
}

const idsWhere = (facts: PinFacts, holds: (fact: { lock: LockKind | null; expiresAt: number | null }) => boolean): Where => ({
  id: { in: [...facts].filter(([, fact]) => holds(fact)).map(([id]) => id) },
});

function relationWhere(provider: Provider, node: RelationNode, named: NamedRelation): Where {
  const column = node.relation === 'site' ? 'name' : 'identity';
  const foreignKey = node.relation === 'site' ? 'siteId' : 'pinPolicyId';
  switch (node.operator) {
    case 'isEmpty':
      return { [node.relation]: { is: null } };
    case 'isNotEmpty':
      return { [node.relation]: { isNot: null } };
    case 'eq':
      return { [foreignKey]: named(node.relation, node.value) ?? '(none)' };
    case 'ne': {
      const id = named(node.relation, node.value);
      return id === null ? {} : { OR: [{ [foreignKey]: null }, { NOT: { [foreignKey]: id } }] };
    }
    default:
      return { [node.relation]: { is: stringWhere(provider, column, node.operator, node.value) } };
  }
}

const keyColumns: Record<Exclude<ColumnNode['column'], 'ouDn'>, string> = {
  department: 'departmentKey',
  title: 'titleKey',
  office: 'officeKey',
  city: 'cityKey',
};

function filterWhere(provider: Provider, node: FilterNode, now: number, named: NamedRelation, facts: PinFacts): Where {
  switch (node.kind) {
    case 'lockKind': {
      const condition = idsWhere(facts, (fact) => fact.lock !== null && node.kinds.includes(fact.lock));
      return node.negated ? { NOT: condition } : condition;
    }
    case 'expiresWithin':
      return idsWhere(facts, ({ expiresAt }) => expiresAt !== null && expiresAt > now && expiresAt <= now + node.days * 24 * 60 * 60 * 1000);
    case 'flag': {
      // lockedUntil > now alone is NULL (not false) for a row without a temporary lock, and
      // NOT NULL would then drop that unlocked user from "IsLockedOut = False".
      const locked = {
        OR: [
          { adminLockedAt: { not: null } },
          { systemLockedAt: { not: null } },
          { AND: [{ lockedUntil: { not: null } }, { lockedUntil: { gt: BigInt(now) } }] },
        ],
      };
      const condition =
        node.flag === 'enabled'
          ? { enabled: true }
          : node.flag === 'isPinSet'
            ? { pinState: { is: { pinHash: { not: null } } } }
            : node.flag === 'isPinExpired'
              ? idsWhere(facts, ({ expiresAt }) => expiresAt !== null && expiresAt <= now)
              : { pinState: { is: locked } };
      return node.value ? condition : { NOT: condition };
    }
    case 'ou': {
      const condition = { ouPathKey: keyMatch(provider, 'startsWith', node.path.toLowerCase()) };
      return node.negated ? { NOT: condition } : condition;
    }
    case 'relation':
      return relationWhere(provider, node, named);
    case 'column':
      return node.column === 'ouDn'
        ? stringWhere(provider, 'ouDn', node.operator, node.value)
        : keyWhere(provider, keyColumns[node.column], node.operator, node.value);
  }
}

/** The tree as a Prisma condition on DirectoryUser: the definition of which users match. */
export function oracleWhere(provider: Provider, tree: UserFilterTree, now: number, named: NamedRelation, facts: PinFacts): Prisma.DirectoryUserWhereInput {
  const clauses = [...(tree.text ? [textWhere(provider, tree.text)] : []), ...tree.filters.map((node) => filterWhere(provider, node, now, named, facts))];
  return (clauses.length ? { AND: clauses } : {}) as Prisma.DirectoryUserWhereInput;
}

/** Whether the tree holds %, _ or \ where the oracle writes a LIKE (which it cannot escape on SQLite). */
export function hasLikeCharacters(tree: UserFilterTree): boolean {
  const special = (text: string) => /[%_\\]/.test(text);
  const text = tree.text;
  if (text && (text.kind === 'textPrefix' ? special(text.prefix) : [text.first, text.last, ...text.middle].some(special))) return true;
  return tree.filters.some((node) =>
    node.kind === 'ou'
      ? special(node.path)
      : (node.kind === 'column' || node.kind === 'relation') && (node.operator === 'startsWith' || node.operator === 'contains') && special(node.value),
  );
}

/** What searchUsers and searchUserIds must return for the tree, through plain Prisma queries. */
export async function oracleSearch(
  db: Db,
  provider: Provider,
  tree: UserFilterTree,
  paging: Pick<UserSearch, 'max' | 'page' | 'sort' | 'order'>,
  now: number,
): Promise<{ result: UserSearchResult; ids: string[] }> {
  const where = oracleWhere(provider, tree, now, await readNamedRelations(db), await readPinFacts(db, now));
  const direction = paging.order ?? 'asc';
  const sortColumn = { displayName: null, sipAddress: 'sipAddress', department: 'departmentKey' }[paging.sort ?? 'displayName'];
  const orderBy = [...(sortColumn ? [{ [sortColumn]: direction }] : []), { displayNameKey: direction }, { id: direction }];
  const matched = await db.directoryUser.count({ where, take: paging.max + 1 });
  const total = Math.min(matched, paging.max);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(paging.page, pages);
  const skip = (page - 1) * PAGE_SIZE;
  const users = await db.directoryUser.findMany({
    where,
    orderBy,
    skip,
    take: Math.max(0, Math.min(PAGE_SIZE, total - skip)),
    select: {
      id: true,
      displayName: true,
      sipAddress: true,
      lineUri: true,
      extension: true,
      department: true,
      site: { select: { name: true } },
      pinPolicy: { select: { identity: true } },
      pinState: { select: { pinLength: true, pinSetAt: true, adminLockedAt: true, systemLockedAt: true, lockedUntil: true } },
    },
  });
  const policies = new Map((await db.pinPolicy.findMany()).map((p) => [p.identity, toPolicy(p)]));
  const rows = users.map((u): UserRow => {
    const state = u.pinState;
    const isPinSet = state !== null && state.pinLength > 0 && state.pinSetAt !== null;
    const setAt = isPinSet ? Number(state!.pinSetAt) : null;
    const effective = resolveEffectivePolicy({ grantedPolicy: u.pinPolicy?.identity ?? null, siteName: u.site?.name ?? null }, policies);
    const n = (v: bigint | null) => (v === null ? null : Number(v));
    const lock = state
      ? activeLock({ ...emptyPinState, adminLockedAt: n(state.adminLockedAt), systemLockedAt: n(state.systemLockedAt), lockedUntil: n(state.lockedUntil) }, now)
      : null;
    return {
      id: u.id,
      displayName: u.displayName,
      sipAddress: u.sipAddress,
      lineUri: u.lineUri,
      extension: u.extension,
      department: u.department,
      site: u.site?.name ?? null,
      isPinSet,
      isLockedOut: lock !== null,
      lastPinChange: setAt,
      pinExpires: pinExpirationTime(setAt, effective.policy),
    };
  });
  const ids = (await db.directoryUser.findMany({ where, orderBy, take: paging.max, select: { id: true } })).map((u) => u.id);
  return { result: { total, truncated: matched > paging.max, page, pages, rows }, ids };
}
