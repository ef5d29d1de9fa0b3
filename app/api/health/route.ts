import { checkDatabaseHealth } from '@/lib/server/database-health';

export const dynamic = 'force-dynamic';

/**
 * Liveness: 200 while this process serves requests, whatever the database does (restarting the
 * process would not bring the database back); the database's state is reported for people.
 * Readiness, which does depend on the database and its migrations, is /api/ready.
 */
export async function GET() {
  return Response.json({ status: 'ok', database: await checkDatabaseHealth() }, { headers: { 'Cache-Control': 'no-store' } });
}
