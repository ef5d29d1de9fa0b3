import { jsonError } from '@/lib/auth/route-guard';
import { revealJobPins } from '@/lib/jobs/bulk-jobs-service';
import { maySeeJobPins } from '@/lib/jobs/job-access';
import { pinsGoneMessage } from '@/lib/jobs/job-pins-messages';
import { loadJobForRoute, type JobRouteParams } from '@/lib/jobs/job-route';
import { intParam } from '@/lib/validation/search-params';

export const dynamic = 'force-dynamic';

/** "Show PIN": one page of the generated PINs, for the job's creator only, until they are erased. */
export async function GET(request: Request, route: JobRouteParams) {
  const loaded = await loadJobForRoute('pin.write', route);
  if (loaded instanceof Response) return loaded;
  const { user, job } = loaded;
  const page = intParam(new URL(request.url).searchParams.get('page') ?? undefined, 'page', 1, 1, 100_000);
  if (page.problem) return jsonError(400, page.problem);
  if (!maySeeJobPins(user, job)) return jsonError(403, 'Only the administrator who started this job can see its PINs.');
  if (!job.pinsAvailable) return jsonError(410, pinsGoneMessage(job.pinsErasedWhy));
  const pins = await revealJobPins(job.id, page.value, { actor: user.actor, context: user.context, now: Date.now() });
  return Response.json({ pins }, { headers: { 'Cache-Control': 'no-store' } });
}
