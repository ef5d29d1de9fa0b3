import { checkReadiness } from '@/lib/server/readiness';

export const dynamic = 'force-dynamic';

/**
 * Readiness: 200 when the database answers and its migrations are current, else 503 with the
 * reason. Names no secret: the engine, latency and migration names only.
 */
export async function GET() {
  const readiness = await checkReadiness();
  const { ready, ...rest } = readiness;
  return Response.json({ status: ready ? 'ready' : 'not-ready', ...rest }, { status: ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
