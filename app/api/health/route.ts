import { checkDatabaseHealth } from '@/lib/server/database-health';

export const dynamic = 'force-dynamic';

/** Liveness and database reachability, for load balancers. Reveals nothing sensitive. */
export async function GET() {
  const database = await checkDatabaseHealth();
  if (database.status === 'up') return Response.json({ status: 'ok', database });
  return Response.json({ status: 'degraded', database }, { status: 503 });
}
