/**
 * What every /api/v1/bulk-jobs/[id] route does first: the caller's permission, then the job,
 * or the answer that ends the request (401/403 from the guard, 404 for an unknown job).
 */
import { jsonError, requireRoutePermission, type RouteCaller } from '../auth/route-guard';
import type { Permission } from '../auth/permissions';
import { getBulkJob, type BulkJobView } from '../db/bulk-job-views';
import { getDb } from '../server/composition-root';
import { inputLimits } from '../validation/input-limits';
import { textInputProblem } from '../validation/text';

export type JobRouteParams = { params: Promise<{ id: string }> };

export async function loadJobForRoute(permission: Permission, { params }: JobRouteParams): Promise<{ user: RouteCaller; job: BulkJobView } | Response> {
  const user = await requireRoutePermission(permission);
  if (user instanceof Response) return user;
  const { id } = await params;
  // Checked before the database sees it: PostgreSQL refuses a NUL outright.
  const problem = textInputProblem('The job id', id, inputLimits.pathId);
  if (problem) return jsonError(400, problem, { code: 'INVALID_INPUT', field: 'id' });
  const job = await getBulkJob(getDb().db, id);
  if (!job) return jsonError(404, `No bulk job "${id.slice(0, 64)}" exists.`);
  return { user, job };
}
