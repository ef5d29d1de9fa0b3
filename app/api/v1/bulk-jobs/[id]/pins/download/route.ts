import { csvLine } from '@/lib/audit/csv';
import { jsonError } from '@/lib/auth/route-guard';
import { requestContext } from '@/lib/auth/session';
import { takeJobPins } from '@/lib/db/bulk-job-views';
import { maySeeJobPins } from '@/lib/jobs/job-access';
import { loadJobForRoute, type JobRouteParams } from '@/lib/jobs/job-route';
import { getPinVault } from '@/lib/jobs/server-runner';

export const dynamic = 'force-dynamic';

/**
 * "Download CSV": every generated PIN of the job as CSV, for its creator; the PINs are
 * erased from the server in the same transaction (audited). POST: it changes state.
 */
export async function POST(_request: Request, route: JobRouteParams) {
  const loaded = await loadJobForRoute('pin.write', route);
  if (loaded instanceof Response) return loaded;
  const { user, job, handle } = loaded;
  const id = job.id;
  if (!maySeeJobPins(user, job)) return jsonError(403, 'Only the administrator who started this job can download its PINs.');
  const rows = await takeJobPins(handle, id, getPinVault().open, {
    actor: { type: 'user', id: user.id, name: user.displayName },
    context: await requestContext(),
    now: Date.now(),
  });
  if (!rows) return jsonError(410, 'The PINs of this job were already downloaded, dismissed or erased after 24 hours.');
  const body = [csvLine(['Identity', 'DisplayName', 'PIN']), ...rows.map((r) => csvLine([r.identity, r.displayName, r.pin]))].join('');
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="pindesk-pins-${id}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
