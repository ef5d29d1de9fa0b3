import { jsonError, requireRoutePermission } from '@/lib/auth/route-guard';
import { getBulkJob, revealJobPins } from '@/lib/db/bulk-job-views';
import { getDb } from '@/lib/db/client';
import { maySeeJobPins } from '@/lib/jobs/job-access';
import { getPinVault } from '@/lib/jobs/server-runner';
import { intParam } from '@/lib/validation/search-params';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

/** "Show PIN": one page of the generated PINs, for the job's creator only, until they are erased. */
export async function GET(request: Request, { params }: Params) {
  const user = await requireRoutePermission('pin.write');
  if (user instanceof Response) return user;
  const { id } = await params;
  const page = intParam(new URL(request.url).searchParams.get('page') ?? undefined, 'page', 1, 1, 100_000);
  if (page.problem) return jsonError(400, page.problem);
  const { db } = getDb();
  const job = await getBulkJob(db, id);
  if (!job) return jsonError(404, `No bulk job "${id.slice(0, 64)}" exists.`);
  if (!maySeeJobPins(user, job)) return jsonError(403, 'Only the administrator who started this job can see its PINs.');
  if (!job.pinsAvailable) return jsonError(410, 'The PINs of this job were downloaded, dismissed or erased after 24 hours.');
  const vault = getPinVault();
  const pins = await revealJobPins(db, job, page.value, vault.open);
  return Response.json({ pins }, { headers: { 'Cache-Control': 'no-store' } });
}
