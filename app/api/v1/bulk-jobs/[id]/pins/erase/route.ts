import { readJsonBody } from '@/lib/api/read-json-body';
import { jsonError } from '@/lib/auth/route-guard';
import { eraseSavedJobPins } from '@/lib/jobs/bulk-jobs-service';
import { maySeeJobPins } from '@/lib/jobs/job-access';
import { JOB_STILL_RUNNING, pinsGoneMessage } from '@/lib/jobs/job-pins-messages';
import { isFileOf, parseSha256 } from '@/lib/jobs/job-pins-file';
import { loadJobForRoute, type JobRouteParams } from '@/lib/jobs/job-route';

export const dynamic = 'force-dynamic';

/**
 * "I have saved the file — erase the PINs": body `{ "sha256": "<SHA-256 of the downloaded
 * CSV>" }`. The PINs are erased only if that is the checksum of the file their download
 * makes, so nobody erases them without holding the file; a wrong one erases nothing (409).
 */
export async function POST(request: Request, route: JobRouteParams) {
  const loaded = await loadJobForRoute('pin.write', route);
  if (loaded instanceof Response) return loaded;
  const { user, job } = loaded;
  if (!maySeeJobPins(user, job)) return jsonError(403, 'Only the administrator who started this job can erase its PINs.');
  const body = await readJsonBody(request, 1024);
  if (!body.ok) return jsonError(400, body.error, { code: 'INVALID_INPUT' });
  const sha256 = parseSha256((body.value as { sha256?: unknown } | null)?.sha256);
  if (!sha256)
    return jsonError(400, 'Send { "sha256": "…" }: the SHA-256 of the downloaded CSV file, 64 hexadecimal digits (what sha256sum prints).', {
      code: 'INVALID_INPUT',
      field: 'sha256',
    });
  const outcome = await eraseSavedJobPins(job.id, (rows) => isFileOf(rows, sha256), { actor: user.actor, context: user.context, now: Date.now() });
  if (outcome.result === 'running') return jsonError(409, JOB_STILL_RUNNING, { code: 'JOB_RUNNING' });
  if (outcome.result === 'gone') return jsonError(410, pinsGoneMessage(job.pinsErasedWhy));
  if (outcome.result === 'mismatch') {
    return jsonError(
      409,
      'Nothing was erased: this SHA-256 is not that of the PIN file of this job. Download the CSV again, save it, and confirm with the checksum of that file.',
      { code: 'CHECKSUM_MISMATCH' },
    );
  }
  return Response.json({ erased: outcome.pins }, { headers: { 'Cache-Control': 'no-store' } });
}
