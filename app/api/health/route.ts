import { getDb } from '@/lib/server/composition-root';

export const dynamic = 'force-dynamic';

/** Liveness and database reachability, for load balancers. Reveals nothing sensitive. */
export async function GET() {
  const { db, target } = getDb();
  const started = performance.now();
  try {
    await db.$queryRawUnsafe('SELECT 1');
    return Response.json({ status: 'ok', database: { engine: target.provider, status: 'up', latencyMs: Math.round(performance.now() - started) } });
  } catch {
    return Response.json({ status: 'degraded', database: { engine: target.provider, status: 'down' } }, { status: 503 });
  }
}
