import { jsonError, requireRoutePermission } from '@/lib/auth/route-guard';
import { getBulkJob, listJobItems } from '@/lib/db/bulk-job-views';
import { getDb } from '@/lib/db/client';
import { maySeeJobPins } from '@/lib/jobs/job-access';
import { intParam } from '@/lib/validation/search-params';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

/** A bulk job's progress, one page of its results (?page=) and of its problems (?problemsPage=). */
export async function GET(request: Request, { params }: Params) {
  const user = await requireRoutePermission('user.read');
  if (user instanceof Response) return user;
  const { id } = await params;
  const search = new URL(request.url).searchParams;
  const page = intParam(search.get('page') ?? undefined, 'page', 1, 1, 100_000);
  const problemsPage = intParam(search.get('problemsPage') ?? undefined, 'problemsPage', 1, 1, 100_000);
  const problem = page.problem ?? problemsPage.problem;
  if (problem) return jsonError(400, problem);
  const { db } = getDb();
  const job = await getBulkJob(db, id);
  if (!job) return jsonError(404, `No bulk job "${id.slice(0, 64)}" exists.`);
  const [items, problems] = await Promise.all([listJobItems(db, id, { page: page.value }), listJobItems(db, id, { page: problemsPage.value, problems: true })]);
  return Response.json({ job, items, problems, canSeePins: maySeeJobPins(user, job) }, { headers: { 'Cache-Control': 'no-store' } });
}
