/**
 * GET /api/v1/users's parameters as a search: the Users page's (q, fp/fo/fv, max, page) plus,
 * for scripts, `ou` (this OU and its children) and `ldapFilter` (Get-CsUser -LdapFilter).
 * Bad page parameters are dropped with a note in `problems` (the page's behaviour); text that
 * is too long or holds control characters, a bad `ou` or `ldapFilter`, or too many clauses
 * throw an InputError (a FilterParseError for the LDAP filter) naming the parameter, because a
 * script must not act on a wider set than it asked for. Pure.
 */
import { parseLdapFilter } from '../scripting/ldap-filter';
import { FilterParseError } from '../validation/filter-error';
import { InputError } from '../validation/input-error';
import { checkFilterClause, MAX_FILTERS, parseUserSearch, userSearchParamProblem, type FilterClause, type ParsedSearch } from './search-params';

export function parseUserSearchRequest(params: URLSearchParams): ParsedSearch {
  const refused = userSearchParamProblem(params);
  if (refused) throw new InputError(refused.message, refused.field);
  const parsed = parseUserSearch(params);
  const extra: FilterClause[] = [];
  const ou = params.get('ou');
  if (ou !== null && ou.trim() !== '') {
    const clause: FilterClause = { property: 'ou', operator: 'eq', value: ou.trim() };
    const issues = checkFilterClause(clause);
    if (issues.length) throw new InputError(`ou: ${issues.join(' ')}`, 'ou');
    extra.push(clause);
  }
  const ldapFilter = params.get('ldapFilter');
  if (ldapFilter !== null) {
    try {
      extra.push(...parseLdapFilter(ldapFilter));
    } catch (error) {
      if (error instanceof FilterParseError) throw new FilterParseError(error.filter, error.problem, `ldapFilter: ${error.message}`, 'ldapFilter');
      throw error;
    }
  }
  if (parsed.search.filters.length + extra.length > MAX_FILTERS)
    throw new InputError(`At most ${MAX_FILTERS} filter clauses in all (fp, ou and ldapFilter together).`);
  parsed.search.filters.push(...extra);
  return parsed;
}
