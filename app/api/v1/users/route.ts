import { databaseOutageAnswer, requireRoutePermission, jsonError } from '@/lib/auth/route-guard';
import { toCsUser } from '@/lib/scripting/objects';
import type { ParsedSearch } from '@/lib/users/search-params';
import { parseUserSearchRequest } from '@/lib/users/search-request';
import { findUsers } from '@/lib/users/users-service';
import { InputError } from '@/lib/validation/input-error';

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
  let parsed: ParsedSearch;
  try {
    parsed = parseUserSearchRequest(params);
  } catch (error) {
    if (error instanceof InputError) return jsonError(400, error.message, { code: 'INVALID_INPUT', ...(error.field ? { field: error.field } : {}) });
    throw error;
  }
  const { search, problems } = parsed;
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
