import { jsonError } from '@/lib/auth/route-guard';
import { listJobItems } from '@/lib/jobs/bulk-jobs-service';
import { maySeeJobPins } from '@/lib/jobs/job-access';
import { loadJobForRoute, type JobRouteParams } from '@/lib/jobs/job-route';
import { intParam } from '@/lib/validation/search-params';

export const dynamic = 'force-dynamic';

/** A bulk job's progress, one page of its results (?page=) and of its problems (?problemsPage=). */
export async function GET(request: Request, route: JobRouteParams) {
  const loaded = await loadJobForRoute('user.read', route);
  if (loaded instanceof Response) return loaded;
  const { user, job } = loaded;
  const search = new URL(request.url).searchParams;
  const page = intParam(search.get('page') ?? undefined, 'page', 1, 1, 100_000);
  const problemsPage = intParam(search.get('problemsPage') ?? undefined, 'problemsPage', 1, 1, 100_000);
  const problem = page.problem ?? problemsPage.problem;
  if (problem) return jsonError(400, problem);
  const [items, problems] = await Promise.all([listJobItems(job.id, { page: page.value }), listJobItems(job.id, { page: problemsPage.value, problems: true })]);
  return Response.json({ job, items, problems, canSeePins: maySeeJobPins(user, job) }, { headers: { 'Cache-Control': 'no-store' } });
}
