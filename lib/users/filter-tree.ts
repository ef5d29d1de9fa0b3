/**
 * Which users a search selects, as one small tree: every surface that searches users (the
 * Users page's parameters, GET /api/v1/users, Get-CsUser -Filter, -LdapFilter, -OU,
 * -SearchText) parses into filter clauses (their shared, serializable form: the CLI sends
 * them as fp/fo/fv), and userFilterTree turns a search into this tree. The SQL compiler
 * (lib/db/user-search-compiler.ts) and the tests' Prisma oracle read only the tree, so a new
 * filter is one node and one case in each. Values here are already normalized (trimmed,
 * True/False as booleans, OUs as paths, policy names as identities). Pure.
 */
import { ouDnToPath } from './directory-path';
import { classifySearchText, type SearchTextForms } from './search-text';
import { lockKindOf, type FilterClause, type FilterOperator, type LockKindValue, type UserSearch } from './search-params';

/**
 * The search box without `*`: a prefix (lower case) of the display, first or last name, SAM
 * account name, SIP address (`sip:` implied) or line URI; and, when the text has that form
 * (lib/users/search-text.ts), a phone number's end, an extension, `domain\logon` or a UPN.
 */
export type TextPrefixNode = { kind: 'textPrefix'; prefix: string } & SearchTextForms;

/**
 * The search box with `*`: a wildcard on display names only (DOMAIN.md §1), as its lower-case
 * segments. `first` must start the name and `last` end it ('' when the pattern starts or ends
 * with `*`); `middle` are found in between.
 */
export type DisplayNameWildcardNode = { kind: 'displayNameWildcard'; first: string; middle: string[]; last: string };

export type TextNode = TextPrefixNode | DisplayNameWildcardNode;

/** A text column of the user compared as the clause says, case-insensitively (department, title, office and city through their lower-case keys). */
export type ColumnNode = { kind: 'column'; column: 'department' | 'title' | 'office' | 'city' | 'ouDn'; operator: FilterOperator; value: string };

/** Users in the OU at `path` (directory-path.ts) or any OU below it; `negated`: all others. */
export type OuNode = { kind: 'ou'; path: string; negated: boolean };

/** The user's site (by name) or granted PIN policy (by identity); isEmpty: none. */
export type RelationNode = { kind: 'relation'; relation: 'site' | 'pinPolicy'; operator: FilterOperator; value: string };

/** IsPinSet, IsLockedOut, IsPinExpired (both at the search's `now`) or Enabled is `value`. */
export type FlagNode = { kind: 'flag'; flag: 'isPinSet' | 'isLockedOut' | 'isPinExpired' | 'enabled'; value: boolean };

/**
 * The lock in force at the search's `now` (lib/pin/lockout.ts activeLock: admin before system
 * before temporary) is one of `kinds`; `negated`: it is not (unlocked users included). All
 * three kinds: locked; none: unlocked.
 */
export type LockKindNode = { kind: 'lockKind'; kinds: LockKindValue[]; negated: boolean };

/** The PIN is set, not expired at the search's `now`, and expires within `days` days under the user's effective policy. */
export type ExpiresWithinNode = { kind: 'expiresWithin'; days: number };

export type FilterNode = ColumnNode | OuNode | RelationNode | FlagNode | LockKindNode | ExpiresWithinNode;

/** The text (if any) and the filters, all ANDed. */
export type UserFilterTree = { text: TextNode | null; filters: FilterNode[] };

/** The search box's text as a node; null when it selects everyone (empty, or only `*`). */
export function textNode(q: string): TextNode | null {
  const text = q.trim().toLowerCase();
  if (!text) return null;
  if (!text.includes('*')) return { kind: 'textPrefix', prefix: text, ...classifySearchText(text) };
  const parts = text.split('*');
  const node: DisplayNameWildcardNode = { kind: 'displayNameWildcard', first: parts[0], middle: parts.slice(1, -1).filter(Boolean), last: parts.at(-1)! };
  return node.first || node.last || node.middle.length ? node : null;
}

const columns = { department: 'department', title: 'title', office: 'office', city: 'city' } as const;

/** A policy named without its scope is a tag policy, as Grant-CsPinPolicy reads it. */
const policyIdentity = (operator: FilterOperator, value: string) =>
  operator === 'eq' || operator === 'ne' ? (value.includes(':') ? value : `tag:${value}`) : value;

/** One valid clause (checkFilterClause) as a node. */
export function filterNode(clause: FilterClause): FilterNode {
  const { property, operator } = clause;
  const value = clause.value.trim();
  switch (property) {
    case 'lockKind': {
      const all: LockKindValue[] = ['admin', 'system', 'temporary'];
      if (operator === 'isEmpty' || operator === 'isNotEmpty') return { kind: 'lockKind', kinds: all, negated: operator === 'isEmpty' };
      return { kind: 'lockKind', kinds: [lockKindOf(value)!], negated: operator === 'ne' };
    }
    case 'pinExpiresWithinDays':
      return { kind: 'expiresWithin', days: Number(value) };
    case 'isPinSet':
    case 'isLockedOut':
    case 'isPinExpired':
    case 'enabled': {
      const truthy = /^true$/i.test(value);
      return { kind: 'flag', flag: property, value: operator === 'eq' ? truthy : !truthy };
    }
    case 'ou':
      if (operator === 'eq' || operator === 'ne') return { kind: 'ou', path: ouDnToPath(value)!, negated: operator === 'ne' };
      return { kind: 'column', column: 'ouDn', operator, value };
    case 'site':
      return { kind: 'relation', relation: 'site', operator, value };
    case 'pinPolicy':
      return { kind: 'relation', relation: 'pinPolicy', operator, value: policyIdentity(operator, value) };
    default:
      return { kind: 'column', column: columns[property], operator, value };
  }
}

export function userFilterTree(search: Pick<UserSearch, 'q' | 'filters'>): UserFilterTree {
  return { text: textNode(search.q), filters: search.filters.map(filterNode) };
}
