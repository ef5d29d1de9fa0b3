'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, useTransition } from 'react';
import type { BulkItemView, BulkJobView } from '@/lib/jobs/bulk-jobs-service';
import { bulkKindLabels, type BulkKind } from '@/lib/pin/bulk-kinds';
import { formatTime } from '@/lib/format/time';
import { jobHeadline } from '@/lib/jobs/job-headline';
import { formatDuration, jobProgress } from '@/lib/jobs/progress';
import { jobKeys } from '@/lib/jobs/query-keys';
import type { ActionResult } from '@/lib/actions/result';
import { Pager } from '@/components/ui/pager';
import { JobResultsTable } from './job-results-table';

type Page = { rows: BulkItemView[]; total: number; pages: number };
export type JobResponse = { job: BulkJobView; items: Page; problems: Page; canSeePins: boolean };
/**
 * A response and when it was read (ms since the epoch). The rate and time left are worked out
 * for that moment, not at each render, so a re-render, and the browser hydrating the server's
 * HTML, shows the same figures.
 */
export type JobSnapshot = JobResponse & { asOf: number };
type JobAction = (input: { jobId: string }) => Promise<ActionResult<unknown>>;

async function fetchJob(id: string, page: number, problemsPage: number): Promise<JobSnapshot> {
  const response = await fetch(`/api/v1/bulk-jobs/${encodeURIComponent(id)}?page=${page}&problemsPage=${problemsPage}`, {
    headers: { Accept: 'application/json' },
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error ?? `Could not load the job (HTTP ${response.status}).`);
  return { ...body, asOf: Date.now() };
}

/**
 * The SHA-256 of the bytes the browser received (what the administrator saved). Empty where
 * Web Crypto is unavailable (plain http on a non-local host): the administrator then pastes
 * what sha256sum prints for the saved file.
 */
async function fileChecksum(blob: Blob): Promise<string> {
  if (!globalThis.crypto?.subtle) return '';
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

const statusLabel = { running: 'Running', completed: 'Completed', cancelled: 'Cancelled' } as const;

/**
 * A bulk job's page: progress (polled from the server, so it survives a reload and shows
 * jobs started elsewhere), Cancel job, then results with the PINs hidden until "Show PIN",
 * "Download CSV" (repeatable), the checksum-confirmed erase, and the users that were skipped
 * or failed.
 */
export function BulkJobPanel({
  initial,
  canCancel,
  actions,
}: {
  initial: JobSnapshot;
  canCancel: boolean;
  actions: { cancel: JobAction; dismiss: JobAction };
}) {
  const id = initial.job.id;
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [problemsPage, setProblemsPage] = useState(1);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [checksum, setChecksum] = useState('');
  const [pending, startTransition] = useTransition();
  const query = useQuery({
    queryKey: jobKeys.detail(id, page, problemsPage),
    queryFn: () => fetchJob(id, page, problemsPage),
    initialData: page === 1 && problemsPage === 1 ? initial : undefined,
    placeholderData: (previous) => previous,
    refetchInterval: (q) => (q.state.data?.job.status === 'running' ? 1000 : false),
  });
  const data = query.data ?? initial;
  const { job } = data;
  const progress = jobProgress(job, data.asOf);
  const label = bulkKindLabels[job.kind as BulkKind] ?? job.kind;
  const refresh = () => queryClient.invalidateQueries({ queryKey: jobKeys.all(id) });

  const act = (action: JobAction, done: string) =>
    startTransition(async () => {
      const result = await action({ jobId: id });
      setNotice(result.ok ? { ok: true, text: done } : { ok: false, text: result.message });
      await refresh();
    });

  const download = () =>
    startTransition(async () => {
      const response = await fetch(`/api/v1/bulk-jobs/${encodeURIComponent(id)}/pins/download`, { method: 'POST' }).catch(() => null);
      if (!response?.ok) {
        const body = await response?.json().catch(() => ({}));
        setNotice({ ok: false, text: body?.error ?? 'The download failed: nothing was erased, try again.' });
        return;
      }
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `pindesk-pins-${id}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      // A file downloaded while the job runs misses later PINs: its checksum would only be refused.
      if (job.status !== 'running') setChecksum(await fileChecksum(blob));
      setNotice({ ok: true, text: 'The CSV was downloaded. The PINs stay on the server until you confirm that you saved the file.' });
      await refresh();
    });

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <p className="text-lg text-slate-800">{jobHeadline(job)}</p>
        <p className="text-sm text-slate-600">
          Started by {job.createdByName} at {formatTime(job.startedAt)}
          {job.finishedAt !== null && ` · ended at ${formatTime(job.finishedAt)}`} · <span className="font-medium">{statusLabel[job.status]}</span>
        </p>
      </div>

      <div className="space-y-2">
        <div
          role="progressbar"
          aria-label={`${label} progress`}
          aria-valuemin={0}
          aria-valuemax={job.total}
          aria-valuenow={progress.processed}
          aria-valuetext={`${progress.processed.toLocaleString('en-US')} of ${job.total.toLocaleString('en-US')} users`}
          className="h-3 w-full overflow-hidden rounded bg-slate-200"
        >
          <div className={`h-full ${job.status === 'cancelled' ? 'bg-amber-500' : 'bg-brand-600'} transition-all`} style={{ width: `${progress.percent}%` }} />
        </div>
        <p aria-live="polite" className="text-sm text-slate-700">
          {progress.processed.toLocaleString('en-US')} of {job.total.toLocaleString('en-US')} users done ({progress.percent}%)
          {progress.perSecond !== null && ` · ${progress.perSecond.toFixed(progress.perSecond < 10 ? 1 : 0)} users/s`}
          {progress.secondsLeft !== null && ` · about ${formatDuration(progress.secondsLeft)} left`}
          {job.status === 'completed' && ' · finished'}
          {job.status === 'cancelled' && ` · cancelled: ${job.cancelled.toLocaleString('en-US')} users were left unchanged`}
        </p>
        <p className="text-sm text-slate-600">
          Changed: {job.done.toLocaleString('en-US')} · Skipped: {job.skipped.toLocaleString('en-US')} · Failed: {job.failed.toLocaleString('en-US')}
        </p>
        {job.status === 'running' && canCancel && (
          <button
            type="button"
            disabled={pending}
            onClick={() => act(actions.cancel, 'The job was cancelled. Users not processed yet were left unchanged.')}
            className="rounded border border-red-300 px-4 py-2 text-red-800 disabled:opacity-60"
          >
            Cancel job
          </button>
        )}
        <p aria-live="polite" className={`text-sm ${notice?.ok ? 'text-green-800' : 'text-red-700'}`}>
          {notice?.text}
        </p>
        {query.isError && <p className="text-sm text-red-700">{(query.error as Error).message} Retrying…</p>}
      </div>

      <JobResultsTable
        job={job}
        kindLabel={label}
        items={data.items}
        page={page}
        onPage={setPage}
        canSeePins={data.canSeePins}
        busy={pending}
        onDownload={download}
        checksum={checksum}
        onChecksum={setChecksum}
        onErased={(text) => {
          setNotice({ ok: true, text });
          void refresh();
        }}
        onDismiss={() => act(actions.dismiss, 'The PINs were erased from the server without being shown.')}
      />

      {data.problems.total > 0 && (
        <section aria-labelledby="problems-heading" className="space-y-2">
          <h2 id="problems-heading" className="text-lg font-semibold">
            Skipped and failed ({data.problems.total.toLocaleString('en-US')})
          </h2>
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm">
              <caption className="sr-only">Users the job skipped or could not change, with the reason</caption>
              <thead>
                <tr className="border-b border-slate-200">
                  <th scope="col" className="py-2 pr-4">
                    Identity
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    Result
                  </th>
                  <th scope="col" className="py-2">
                    Reason
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.problems.rows.map((row) => (
                  <tr key={row.seq} className="border-b border-slate-100">
                    <td className="py-2 pr-4 break-all">{row.identity}</td>
                    <td className="py-2 pr-4">{row.status === 'failed' ? 'Failed' : 'Skipped'}</td>
                    <td className="py-2">{row.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={problemsPage} pages={data.problems.pages} onPage={setProblemsPage} label="Skipped and failed" />
        </section>
      )}
    </div>
  );
}
