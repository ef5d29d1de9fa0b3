import { databaseOutageAnswer, requireRoutePermission, jsonError } from '@/lib/auth/route-guard';
import { LdapFilterError, parseLdapFilter } from '@/lib/scripting/ldap-filter';
import { toCsUser } from '@/lib/scripting/objects';
import { checkFilterClause, MAX_FILTERS, parseUserSearch, userSearchParamProblem, type FilterClause } from '@/lib/users/search-params';
import { findUsers } from '@/lib/users/users-service';

export const dynamic = 'force-dynamic';

/**
 * User search: the Users page's query (q, fp/fo/fv filter triplets, max, page) plus, for
 * scripts, `ou` (this OU and its children) and `ldapFilter` (Get-CsUser -LdapFilter). Bad
 * page parameters are dropped with a note in `problems` (the page's behaviour); a bad `ou`
 * or `ldapFilter` is a 400, because a script must not act on a wider set than it asked for.
 * Text that is too long or holds control characters is a 400 naming the parameter.
 */
export async function GET(request: Request) {
  const user = await requireRoutePermission('user.read');
  if (user instanceof Response) return user;
  const params = new URL(request.url).searchParams;
  const refused = userSearchParamProblem(params);
  if (refused) return jsonError(400, refused.message, { code: 'INVALID_INPUT', field: refused.field });
  const { search, problems } = parseUserSearch(params);
  const extra: FilterClause[] = [];
  const ou = params.get('ou');
  if (ou !== null && ou.trim() !== '') {
    const clause: FilterClause = { property: 'ou', operator: 'eq', value: ou.trim() };
    const issues = checkFilterClause(clause);
    if (issues.length) return jsonError(400, `ou: ${issues.join(' ')}`, { code: 'INVALID_INPUT', field: 'ou' });
    extra.push(clause);
  }
  const ldapFilter = params.get('ldapFilter');
  if (ldapFilter !== null) {
    try {
      extra.push(...parseLdapFilter(ldapFilter));
    } catch (error) {
      if (error instanceof LdapFilterError) return jsonError(400, `ldapFilter: ${error.message}`, { code: 'INVALID_INPUT', field: 'ldapFilter' });
      throw error;
    }
  }
  if (search.filters.length + extra.length > MAX_FILTERS) return jsonError(400, `At most ${MAX_FILTERS} filter clauses in all (fp, ou and ldapFilter together).`, { code: 'INVALID_INPUT' });
  search.filters.push(...extra);
  try {
    const result = await findUsers(search);
    return Response.json({ ...result, users: result.rows.map(toCsUser), problems }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    const outage = databaseOutageAnswer(error);
    if (outage) return outage;
    console.error(`[api users] ${error instanceof Error ? error.name : 'error'}`);
    return jsonError(500, 'The search failed on the server. Try again.');
  }
}
