/**
 * The Users page search as data (Control Panel "Search users", "Add Filter", "Maximum users
 * to display"): parsed from and written to the URL, validated, shared by the page, the API
 * and the saved queries. Pure: no database.
 */
import { intParam, type ParsedParam } from '../validation/search-params';
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
export const booleanProperties: ReadonlySet<FilterProperty> = new Set(['isPinSet', 'isLockedOut', 'enabled']);

export type FilterClause = { property: FilterProperty; operator: FilterOperator; value: string };

export type UserSearch = {
  q: string;
  filters: FilterClause[];
  /** Maximum users to display: the result set is the first `max` matches. */
  max: number;
  page: number;
};

export const MAX_FILTERS = 20;
export const MAX_USERS_LIMIT = 100_000;
export const DEFAULT_MAX_USERS = 200;
export const PAGE_SIZE = 50;
const MAX_TEXT = 256;

export function operatorNeedsValue(operator: FilterOperator): boolean {
  return operator !== 'isEmpty' && operator !== 'isNotEmpty';
}

/** Problems of one clause, in words an administrator can act on; empty when valid. */
export function checkFilterClause(clause: FilterClause): string[] {
  const label = filterProperties[clause.property];
  if (!label) return [`Choose a property to filter on.`];
  if (!filterOperators[clause.operator]) return [`Choose an operator for ${clause.property}.`];
  if (booleanProperties.has(clause.property)) {
    if (clause.operator !== 'eq' && clause.operator !== 'ne') return [`${label} can only be compared with Equal to or Not equal to.`];
    if (!/^(true|false)$/i.test(clause.value.trim())) return [`${label} must be True or False.`];
    return [];
  }
  if (operatorNeedsValue(clause.operator) && clause.value.trim() === '') return [`Enter a value for ${label}, or use Is empty.`];
  if (clause.value.length > MAX_TEXT) return [`The value for ${label} can be at most ${MAX_TEXT} characters.`];
  if (clause.property === 'ou' && (clause.operator === 'eq' || clause.operator === 'ne') && ouDnToPath(clause.value) === null) {
    return [`OU must be a distinguished name such as OU=Finance,DC=litwareinc,DC=com.`];
  }
  return [];
}

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
  const noted = <T,>(parsed: ParsedParam<T>): T => {
    if (parsed.problem) problems.push(parsed.problem);
    return parsed.value;
  };
  let q = getAll(params, 'q')[0] ?? '';
  if (q.length > MAX_TEXT) {
    problems.push(`The search text was cut to ${MAX_TEXT} characters.`);
    q = q.slice(0, MAX_TEXT);
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
  return {
    search: {
      q,
      filters,
      max: noted(intParam(getAll(params, 'max')[0], 'Maximum users to display', DEFAULT_MAX_USERS, 1, MAX_USERS_LIMIT)),
      page: noted(intParam(getAll(params, 'page')[0], 'Page', 1, 1, MAX_USERS_LIMIT)),
    },
    problems,
  };
}

/** The URL query of a search (the inverse of parseUserSearch). */
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
  return params;
}
