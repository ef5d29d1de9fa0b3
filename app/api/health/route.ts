import { databaseAnswers, getDb } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

/** Liveness and database reachability, for load balancers. Reveals nothing sensitive. */
export async function GET() {
  const handle = getDb();
  const { target } = handle;
  const started = performance.now();
  try {
    await databaseAnswers(handle);
    return Response.json({ status: 'ok', database: { engine: target.provider, status: 'up', latencyMs: Math.round(performance.now() - started) } });
  } catch {
    return Response.json({ status: 'degraded', database: { engine: target.provider, status: 'down' } }, { status: 503 });
  }
}
