/**
 * The Users page search as data (Control Panel "Search users", "Add Filter", "Maximum users
 * to display"): parsed from and written to the URL, validated, shared by the page, the API
 * and the saved queries. Pure: no database.
 */
import { lockKindNames, type LockKind } from '../pin/lockout';
import { inputLimits } from '../validation/input-limits';
import { intParam, type ParsedParam } from '../validation/search-params';
import { textInputProblem } from '../validation/text';
import { ouDnToPath } from './directory-path';

export const filterProperties = {
  department: 'Department',
  title: 'Title',
  office: 'Office',
  city: 'City',
  site: 'Site',
  ou: 'OU',
  pinPolicy: 'PIN policy',
  isPinSet: 'IsPinSet',
  isLockedOut: 'IsLockedOut',
  lockKind: 'LockKind',
  isPinExpired: 'IsPinExpired',
  pinExpiresWithinDays: 'PinExpiresWithinDays',
  enabled: 'Enabled',
} as const;
export type FilterProperty = keyof typeof filterProperties;

export const filterOperators = {
  eq: 'Equal to',
  ne: 'Not equal to',
  startsWith: 'Starts with',
  contains: 'Contains',
  isEmpty: 'Is empty',
  isNotEmpty: 'Is not empty',
} as const;
export type FilterOperator = keyof typeof filterOperators;

/** True/false properties take only Equal to / Not equal to with True or False. */
export const booleanProperties: ReadonlySet<FilterProperty> = new Set(['isPinSet', 'isLockedOut', 'isPinExpired', 'enabled']);

/** LockKind's values (lib/pin/lockout.ts): the lock in force now, admin before system before temporary. */
export const lockKindValues = lockKindNames;
export type LockKindValue = LockKind;

/** PinExpiresWithinDays: a PIN that is set, not expired, and expires within this many days (PINLifetime's range). */
export const MAX_EXPIRY_DAYS = 999;

export type FilterClause = { property: FilterProperty; operator: FilterOperator; value: string };

/** The operators a property takes (checkFilterClause refuses the others). */
export function propertyOperators(property: FilterProperty): FilterOperator[] {
  if (property === 'pinExpiresWithinDays') return ['eq'];
  if (booleanProperties.has(property)) return ['eq', 'ne'];
  if (property === 'lockKind') return ['eq', 'ne', 'isEmpty', 'isNotEmpty'];
  return Object.keys(filterOperators) as FilterOperator[];
}

/** What the value box offers and shows for a property with a fixed set of values or a number; null for free text. */
export function propertyValueHint(property: FilterProperty): { choices: string[]; placeholder: string; initial: string } | null {
  if (booleanProperties.has(property)) return { choices: ['True', 'False'], placeholder: 'True or False', initial: 'True' };
  if (property === 'lockKind') return { choices: Object.values(lockKindValues), placeholder: 'Temporary, System or Admin', initial: 'Temporary' };
  if (property === 'pinExpiresWithinDays') return { choices: ['7', '14', '30'], placeholder: `Days, 1 to ${MAX_EXPIRY_DAYS}`, initial: '14' };
  return null;
}

/**
 * The results' sortable columns (`sort=`), each read along an index so a sorted search is as
 * fast as the default one. The order picks the result set too: "Maximum users to display"
 * keeps the first `max` users in that order.
 */
export const sortColumns = {
  displayName: 'Display name',
  sipAddress: 'SIP address',
  department: 'Department',
} as const;
export type SortColumn = keyof typeof sortColumns;
export type SortOrder = 'asc' | 'desc';
export const DEFAULT_SORT: SortColumn = 'displayName';
export const DEFAULT_ORDER: SortOrder = 'asc';

const isSortColumn = (value: unknown): value is SortColumn => typeof value === 'string' && Object.hasOwn(sortColumns, value);
const isSortOrder = (value: unknown): value is SortOrder => value === 'asc' || value === 'desc';

export type UserSearch = {
  q: string;
  filters: FilterClause[];
  /** Maximum users to display: the result set is the first `max` matches. */
  max: number;
  page: number;
  /** Sorted by this column (default Display name), then by display name. */
  sort?: SortColumn;
  order?: SortOrder;
};

export const MAX_FILTERS = 20;
export const MAX_USERS_LIMIT = 100_000;
export const DEFAULT_MAX_USERS = 200;
export const PAGE_SIZE = 50;
const MAX_TEXT = inputLimits.searchText;
const MAX_VALUE = inputLimits.filterValue;

export function operatorNeedsValue(operator: FilterOperator): boolean {
  return operator !== 'isEmpty' && operator !== 'isNotEmpty';
}

/** Problems of one clause, in words an administrator can act on; empty when valid. */
export function checkFilterClause(clause: FilterClause): string[] {
  // Own properties only: fp=constructor or fo=toString must not find Object.prototype's.
  if (typeof clause.property !== 'string' || !Object.hasOwn(filterProperties, clause.property))
    return [`Choose a property to filter on (${Object.values(filterProperties).join(', ')}).`];
  const label = filterProperties[clause.property];
  if (typeof clause.operator !== 'string' || !Object.hasOwn(filterOperators, clause.operator))
    return [`Choose an operator for ${label} (${Object.values(filterOperators).join(', ')}).`];
  if (typeof clause.value !== 'string') return [`The value for ${label} must be text.`];
  if (booleanProperties.has(clause.property)) {
    if (clause.operator !== 'eq' && clause.operator !== 'ne') return [`${label} can only be compared with Equal to or Not equal to.`];
    if (!/^(true|false)$/i.test(clause.value.trim())) return [`${label} must be True or False.`];
    return [];
  }
  if (clause.property === 'lockKind') return lockKindProblems(clause);
  if (clause.property === 'pinExpiresWithinDays') {
    if (clause.operator !== 'eq') return [`${label} can only be compared with Equal to (a number of days).`];
    if (!/^\s*\d{1,3}\s*$/.test(clause.value) || Number(clause.value) < 1) return [`${label} must be a number of days from 1 to ${MAX_EXPIRY_DAYS}.`];
    return [];
  }
  if (operatorNeedsValue(clause.operator) && clause.value.trim() === '') return [`Enter a value for ${label}, or use Is empty.`];
  const valueProblem = textInputProblem(`The value for ${label}`, clause.value, MAX_VALUE);
  if (valueProblem) return [valueProblem];
  if (clause.property === 'ou' && (clause.operator === 'eq' || clause.operator === 'ne') && ouDnToPath(clause.value) === null) {
    return [`OU must be a distinguished name such as OU=Finance,DC=litwareinc,DC=com.`];
  }
  return [];
}

/** LockKind: Equal to / Not equal to Temporary, System or Admin; Is empty (not locked) / Is not empty (locked). */
function lockKindProblems(clause: FilterClause): string[] {
  const kinds = Object.values(lockKindValues).join(', ');
  if (clause.operator === 'isEmpty' || clause.operator === 'isNotEmpty') return [];
  if (clause.operator !== 'eq' && clause.operator !== 'ne')
    return [`LockKind can only be compared with Equal to, Not equal to (${kinds}), Is empty or Is not empty.`];
  if (lockKindOf(clause.value) === null) return [`LockKind must be one of ${kinds}.`];
  return [];
}

/** The lock kind a LockKind value names, in any case; null when it names none. */
export function lockKindOf(value: string): LockKindValue | null {
  const key = value.trim().toLowerCase();
  return Object.hasOwn(lockKindValues, key) ? (key as LockKindValue) : null;
}

/** A problem with the search text (too long, control characters), or null. */
function searchTextProblem(q: string, name = 'The search text'): string | null {
  return textInputProblem(name, q, MAX_TEXT);
}

/**
 * The first problem of URL search parameters a script sends (`GET /api/v1/users`), with the
 * parameter's name: the API refuses these with a 400 where the page ignores them with a note.
 */
export function userSearchParamProblem(params: URLSearchParams): { field: string; message: string } | null {
  const q = params.get('q');
  if (q !== null) {
    const problem = searchTextProblem(q, 'q');
    if (problem) return { field: 'q', message: problem };
  }
  for (const [name, max] of [
    ['fp', 32],
    ['fo', 32],
    ['fv', MAX_VALUE],
  ] as const) {
    for (const value of params.getAll(name)) {
      const problem = textInputProblem(name, value, max);
      if (problem) return { field: name, message: problem };
    }
  }
  if (params.getAll('fp').length > MAX_FILTERS) return { field: 'fp', message: `At most ${MAX_FILTERS} filter clauses (fp) are allowed.` };
  const sort = params.get('sort');
  if (sort !== null && !isSortColumn(sort)) return { field: 'sort', message: sortProblem };
  const order = params.get('order');
  if (order !== null && !isSortOrder(order)) return { field: 'order', message: orderProblem };
  return null;
}

const sortProblem = `Sort must be one of: ${Object.keys(sortColumns).join(', ')}.`;
const orderProblem = 'Order must be asc or desc.';

export type ParsedSearch = { search: UserSearch; problems: string[] };

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function getAll(params: Params, key: string): string[] {
  if (params instanceof URLSearchParams) return params.getAll(key);
  const value = params[key];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * Reads a search from URL parameters: q, max, page and repeated fp/fo/fv triplets
 * (filter property, operator, value). Bad parts are dropped with a note, never an error page.
 */
export function parseUserSearch(params: Params): ParsedSearch {
  const problems: string[] = [];
  const noted = <T>(parsed: ParsedParam<T>): T => {
    if (parsed.problem) problems.push(parsed.problem);
    return parsed.value;
  };
  let q = getAll(params, 'q')[0] ?? '';
  const qProblem = searchTextProblem(q);
  if (qProblem) {
    problems.push(`${qProblem} It was ignored.`);
    q = '';
  }
  const properties = getAll(params, 'fp');
  const operators = getAll(params, 'fo');
  const values = getAll(params, 'fv');
  const filters: FilterClause[] = [];
  for (let i = 0; i < properties.length && filters.length < MAX_FILTERS; i++) {
    const clause = { property: properties[i] as FilterProperty, operator: (operators[i] ?? 'eq') as FilterOperator, value: values[i] ?? '' };
    const issues = checkFilterClause(clause);
    if (issues.length) problems.push(`Filter ${i + 1} was ignored: ${issues.join(' ')}`);
    else filters.push(clause);
  }
  if (properties.length > MAX_FILTERS) problems.push(`At most ${MAX_FILTERS} filters apply; the rest were ignored.`);
  const search: UserSearch = {
    q,
    filters,
    max: noted(intParam(getAll(params, 'max')[0], 'Maximum users to display', DEFAULT_MAX_USERS, 1, MAX_USERS_LIMIT)),
    page: noted(intParam(getAll(params, 'page')[0], 'Page', 1, 1, MAX_USERS_LIMIT)),
  };
  const sort = getAll(params, 'sort')[0];
  if (sort !== undefined && sort !== '') {
    if (isSortColumn(sort)) search.sort = sort;
    else problems.push(`${sortProblem} It was ignored.`);
  }
  const order = getAll(params, 'order')[0];
  if (order !== undefined && order !== '') {
    if (isSortOrder(order)) search.order = order;
    else problems.push(`${orderProblem} It was ignored.`);
  }
  return { search, problems };
}

/** The URL query of a search (the inverse of parseUserSearch). */
/** The search's order with its defaults filled in. */
export function searchOrder(search: Pick<UserSearch, 'sort' | 'order'>): { sort: SortColumn; order: SortOrder } {
  return { sort: search.sort ?? DEFAULT_SORT, order: search.order ?? DEFAULT_ORDER };
}

export function userSearchToParams(search: UserSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.q) params.set('q', search.q);
  for (const f of search.filters) {
    params.append('fp', f.property);
    params.append('fo', f.operator);
    params.append('fv', f.value);
  }
  if (search.max !== DEFAULT_MAX_USERS) params.set('max', String(search.max));
  if (search.page > 1) params.set('page', String(search.page));
  if (search.sort && search.sort !== DEFAULT_SORT) params.set('sort', search.sort);
  if (search.order && search.order !== DEFAULT_ORDER) params.set('order', search.order);
  return params;
}

/**
 * The one string a search is known by: parsed and written back, so that parameter order
 * (`max` first), a default spelled out (`max=200`) or a dropped bad part never makes two
 * strings of one search. Whatever keys state by "the current search" compares these, never
 * the raw URL.
 */
export function canonicalUserSearch(search: UserSearch | URLSearchParams): string {
  return userSearchToParams(search instanceof URLSearchParams ? parseUserSearch(search).search : search).toString();
}
