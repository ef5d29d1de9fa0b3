import { after } from 'next/server';
import { jsonError } from '@/lib/auth/route-guard';
import { pinCount, readJobPins, recordPinsDownloaded } from '@/lib/jobs/bulk-jobs-service';
import { maySeeJobPins } from '@/lib/jobs/job-access';
import { pinsGoneMessage } from '@/lib/jobs/job-pins-messages';
import { jobPinsCsv } from '@/lib/jobs/job-pins-file';
import { loadJobForRoute, type JobRouteParams } from '@/lib/jobs/job-route';

export const dynamic = 'force-dynamic';

/**
 * "Download CSV": every generated PIN of the job as CSV (with the users skipped or failed and
 * why; format in lib/jobs/job-pins-file.ts), for its creator, as often as needed
 * until the PINs are erased. Nothing is erased here: the erase (pins/erase) needs the saved
 * file's SHA-256, which no header carries (proxies log headers; for a one-user job the
 * checksum gives the PIN away to a guesser). POST: it is audited.
 */
export async function POST(request: Request, route: JobRouteParams) {
  const loaded = await loadJobForRoute('pin.write', route);
  if (loaded instanceof Response) return loaded;
  const { user, job } = loaded;
  if (!maySeeJobPins(user, job)) return jsonError(403, 'Only the administrator who started this job can download its PINs.');
  const rows = await readJobPins(job.id, Date.now());
  if (!rows) return jsonError(410, pinsGoneMessage(job.pinsErasedWhy));
  const body = jobPinsCsv(rows);
  // after() runs once Node's response has closed; Next.js aborts request.signal (it listens
  // first) when that close came before 'finish', i.e. the client went away before the whole
  // file was handed over. Only a delivered file is audited as downloaded.
  after(async () => {
    if (request.signal.aborted) return;
    await recordPinsDownloaded(job.id, pinCount(rows), { actor: user.actor, context: user.context, now: Date.now() });
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="pindesk-pins-${job.id}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
