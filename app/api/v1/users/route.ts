import { requireRoutePermission, jsonError } from '@/lib/auth/route-guard';
import { getDb } from '@/lib/db/client';
import { searchUsers } from '@/lib/db/user-search';
import { parseUserSearch } from '@/lib/users/search-params';

export const dynamic = 'force-dynamic';

/** User search: the Users page's query (q, fp/fo/fv filter triplets, max, page). */
export async function GET(request: Request) {
  const user = await requireRoutePermission('user.read');
  if (user instanceof Response) return user;
  const { search, problems } = parseUserSearch(new URL(request.url).searchParams);
  try {
    const { db, target } = getDb();
    const result = await searchUsers(db, target.provider, search);
    return Response.json({ ...result, problems }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    console.error(`[api users] ${error instanceof Error ? error.name : 'error'}`);
    return jsonError(500, 'The search failed on the server. Try again.');
  }
}
