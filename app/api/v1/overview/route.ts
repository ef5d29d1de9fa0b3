import { databaseOutageAnswer, requireRoutePermission } from '@/lib/auth/route-guard';
import { loadOverview } from '@/lib/overview/overview-service';

export const dynamic = 'force-dynamic';

/** The Overview page's numbers (OverviewData): its refetch every minute, and scripts. */
export async function GET() {
  const user = await requireRoutePermission('user.read');
  if (user instanceof Response) return user;
  try {
    return Response.json(await loadOverview(), { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    // The page keeps its last numbers and says the refresh failed; a 503 tells it (and scripts) to retry.
    const outage = databaseOutageAnswer(error);
    if (!outage) throw error;
    return outage;
  }
}
