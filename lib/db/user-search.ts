/**
 * The Users page search on the database: the text box (prefix match on display name, first
 * and last name, SAM account name, SIP address and line URI; `*` wildcards on display
 * names), ANDed filter clauses, "Maximum users to display", paging, and the PIN status
 * columns derived from each user's effective policy.
 */
import { activeLock } from '../pin/lockout';
import { resolveEffectivePolicy } from '../pin/policy';
import { pinExpirationTime } from '../pin/status';
import { emptyPinState } from '../pin/types';
import { ouDnToPath } from '../users/directory-path';
import { PAGE_SIZE, type FilterClause, type UserSearch } from '../users/search-params';
import type { Provider } from '../../prisma/providers';
import type { Db } from './client';
import { toPolicy } from './pin-store';

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

type Where = Record<string, unknown>;

/** Case-insensitive on both engines: SQLite's LIKE already is (ASCII); PostgreSQL needs the mode. */
function textMatch(provider: Provider, op: 'startsWith' | 'contains' | 'endsWith', value: string): Where {
  return provider === 'postgresql' ? { [op]: value, mode: 'insensitive' } : { [op]: value };
}

function textSearch(q: string): Where | null {
  const text = q.trim().toLowerCase();
  if (!text) return null;
  if (text.includes('*')) {
    // Only display names take wildcards (DOMAIN.md §1).
    const parts = text.split('*');
    const first = parts[0];
    const last = parts.at(-1)!;
    const middle = parts.slice(1, -1).filter(Boolean);
    const clauses: Where[] = [];
    if (first) clauses.push({ displayNameKey: { startsWith: first } });
    if (last) clauses.push({ displayNameKey: { endsWith: last } });
    for (const part of middle) clauses.push({ displayNameKey: { contains: part } });
    return clauses.length ? { AND: clauses } : null;
  }
  return {
    OR: [
      { displayNameKey: { startsWith: text } },
      { firstNameKey: { startsWith: text } },
      { lastNameKey: { startsWith: text } },
      { samAccountNameKey: { startsWith: text } },
      { sipAddress: { startsWith: text.startsWith('sip:') ? text : `sip:${text}` } },
      { lineUriKey: { startsWith: text } },
    ],
  };
}

const stringColumns = { department: 'department', title: 'title', office: 'office', city: 'city' } as const;

function lockedWhere(now: number): Where {
  return { OR: [{ adminLockedAt: { not: null } }, { systemLockedAt: { not: null } }, { lockedUntil: { gt: BigInt(now) } }] };
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
      const where = { ouPath: { startsWith: ouDnToPath(value)! } };
      return operator === 'eq' ? where : negate(where);
    }
    return stringClause(provider, 'ouDn', operator, value);
  }
  if (property === 'site') return siteOrPolicyClause(provider, 'site', 'name', operator, value);
  if (property === 'pinPolicy') {
    const identity = operator === 'eq' || operator === 'ne' ? (value.includes(':') ? value : `tag:${value}`) : value;
    return siteOrPolicyClause(provider, 'pinPolicy', 'identity', operator, identity);
  }
  return stringClause(provider, stringColumns[property], operator, value);
}

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

export function userSearchWhere(provider: Provider, search: Pick<UserSearch, 'q' | 'filters'>, now = Date.now()): Where {
  const clauses = [textSearch(search.q), ...search.filters.map((f) => clauseWhere(provider, f, now))].filter((c): c is Where => c !== null);
  return clauses.length ? { AND: clauses } : {};
}

const ORDER = [{ displayNameKey: 'asc' as const }, { id: 'asc' as const }];

export async function searchUsers(db: Db, provider: Provider, search: UserSearch, now = Date.now()): Promise<UserSearchResult> {
  const where = userSearchWhere(provider, search, now);
  // Count one past the maximum: enough to say "more matched" without counting them all.
  const matched = await db.directoryUser.count({ where, take: search.max + 1 });
  const total = Math.min(matched, search.max);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(search.page, pages);
  const skip = (page - 1) * PAGE_SIZE;
  const [users, policies] = await Promise.all([
    db.directoryUser.findMany({
      where,
      orderBy: ORDER,
      skip,
      take: Math.max(0, Math.min(PAGE_SIZE, total - skip)),
      select: {
        id: true,
        displayName: true,
        sipAddress: true,
        department: true,
        site: { select: { name: true } },
        pinPolicy: { select: { identity: true } },
        pinState: { select: { pinLength: true, pinSetAt: true, adminLockedAt: true, systemLockedAt: true, lockedUntil: true } },
      },
    }),
    db.pinPolicy.findMany(),
  ]);
  const policyMap = new Map(policies.map((p) => [p.identity, toPolicy(p)]));
  const rows = users.map((u): UserRow => {
    const state = u.pinState;
    const isPinSet = state !== null && state.pinLength > 0 && state.pinSetAt !== null;
    const setAt = isPinSet ? Number(state!.pinSetAt) : null;
    const effective = resolveEffectivePolicy({ grantedPolicy: u.pinPolicy?.identity ?? null, siteName: u.site?.name ?? null }, policyMap);
    const lock = state
      ? activeLock(
          {
            ...emptyPinState,
            adminLockedAt: state.adminLockedAt === null ? null : Number(state.adminLockedAt),
            systemLockedAt: state.systemLockedAt === null ? null : Number(state.systemLockedAt),
            lockedUntil: state.lockedUntil === null ? null : Number(state.lockedUntil),
          },
          now,
        )
      : null;
    return {
      id: u.id,
      displayName: u.displayName,
      sipAddress: u.sipAddress,
      department: u.department,
      site: u.site?.name ?? null,
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
  const rows = await db.directoryUser.findMany({ where: userSearchWhere(provider, search, now), orderBy: ORDER, take: search.max, select: { id: true } });
  return rows.map((r) => r.id);
}
