'use client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { BulkItemView, BulkJobView } from '@/lib/jobs/bulk-jobs-service';
import { jobKeys } from '@/lib/jobs/query-keys';
import { Pager } from '@/components/ui/pager';
import { formatTime } from '@/lib/format/time';
import { pinsGoneMessage } from '@/lib/jobs/job-pins-messages';
import { EraseSavedPins } from './erase-saved-pins';

type Page = { rows: BulkItemView[]; total: number; pages: number };

const resultText: Record<BulkItemView['status'], string> = {
  pending: 'Waiting',
  claimed: 'In progress',
  done: 'Changed',
  skipped: 'Skipped',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

async function fetchPins(id: string, page: number): Promise<Map<number, string>> {
  const response = await fetch(`/api/v1/bulk-jobs/${encodeURIComponent(id)}/pins?page=${page}`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error ?? `Could not load the PINs (HTTP ${response.status}).`);
  return new Map((body.pins as { seq: number; pin: string }[]).map((p) => [p.seq, p.pin]));
}

/** The results table: Identity, new PIN (hidden until Show PIN; only for the job's creator), result, and why a user was skipped or failed. */
export function JobResultsTable({
  job,
  kindLabel,
  items,
  page,
  onPage,
  canSeePins,
  busy,
  onDownload,
  checksum,
  onChecksum,
  onErased,
  onDismiss,
}: {
  job: BulkJobView;
  kindLabel: string;
  items: Page;
  page: number;
  onPage: (page: number) => void;
  canSeePins: boolean;
  busy: boolean;
  onDownload: () => void;
  checksum: string;
  onChecksum: (value: string) => void;
  onErased: (text: string) => void;
  onDismiss: () => void;
}) {
  const [shown, setShown] = useState(false);
  const [confirmDismiss, setConfirmDismiss] = useState(false);
  const withPins = job.kind === 'set-pin';
  const pinsHere = withPins && canSeePins && job.pinsAvailable;
  // Erase and Dismiss wait for the end: a batch committed later would hold PINs nobody could read.
  const running = job.status === 'running';
  const pins = useQuery({
    queryKey: jobKeys.pins(job.id, page),
    queryFn: () => fetchPins(job.id, page),
    enabled: shown && pinsHere,
    // PINs stay in memory only while shown; never cached past that.
    gcTime: 0,
    staleTime: 0,
  });

  return (
    <section aria-labelledby="results-heading" className="space-y-3">
      <h2 id="results-heading" className="text-lg font-semibold">
        Results
      </h2>
      {withPins && !canSeePins && <p className="text-sm text-slate-600">Only the administrator who started this job can see or download its PINs.</p>}
      {withPins && canSeePins && !job.pinsAvailable && job.pinsErasedWhy && <p className="text-sm text-slate-600">{pinsGoneMessage(job.pinsErasedWhy)}</p>}
      {pinsHere && (
        <div className="flex flex-wrap items-center gap-2">
          {/* A checkbox, like the Set PIN dialog's "Show PIN". */}
          <label className="flex items-center gap-2 rounded border border-slate-300 px-3 py-2">
            <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} />
            Show PIN
          </label>
          <button type="button" disabled={busy} onClick={onDownload} className="rounded bg-brand-600 px-4 py-2 text-white disabled:opacity-60">
            Download CSV
          </button>
          {/* Dismissing erases PINs nobody has saved: one click must not do it by accident. */}
          {running ? null : confirmDismiss ? (
            <span role="group" aria-label="Dismiss PINs" className="flex flex-wrap items-center gap-2 rounded border border-red-300 px-3 py-1 text-sm">
              Erase the PINs without saving them? Nobody will be able to read them again.
              <button type="button" disabled={busy} onClick={onDismiss} className="rounded bg-red-700 px-3 py-1 text-white disabled:opacity-60">
                Erase without saving
              </button>
              <button type="button" onClick={() => setConfirmDismiss(false)} className="rounded border border-slate-300 px-3 py-1">
                Keep the PINs
              </button>
            </span>
          ) : (
            <button
              type="button"
              disabled={busy}
              onClick={() => setConfirmDismiss(true)}
              className="rounded border border-slate-300 px-4 py-2 disabled:opacity-60"
            >
              Dismiss PINs
            </button>
          )}
          <p className="w-full text-sm text-slate-600">
            {running
              ? 'The job is still running: a CSV downloaded now holds only the PINs set so far. Erasing the PINs is offered once the job has finished; download the CSV again then.'
              : 'The PINs are kept encrypted on the server, and Download CSV can be repeated, until you confirm below that you saved the file (or dismiss them).'}
            {job.pinsExpireAt !== null && ` They will be erased automatically at ${formatTime(job.pinsExpireAt)}.`}
          </p>
          {!running && <EraseSavedPins jobId={job.id} checksum={checksum} onChecksum={onChecksum} onErased={onErased} />}
        </div>
      )}
      {pins.isError && <p className="text-sm text-red-700">{(pins.error as Error).message}</p>}
      <div className="overflow-x-auto">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">{kindLabel}: result for each user</caption>
          <thead>
            <tr className="border-b border-slate-200">
              <th scope="col" className="py-2 pr-4">
                Identity
              </th>
              {withPins && (
                <th scope="col" className="py-2 pr-4">
                  New PIN
                </th>
              )}
              <th scope="col" className="py-2 pr-4">
                Result
              </th>
              <th scope="col" className="py-2">
                Reason
              </th>
            </tr>
          </thead>
          <tbody>
            {items.rows.map((row) => (
              <tr key={row.seq} className="border-b border-slate-100">
                <td className="py-2 pr-4 break-all">{row.identity}</td>
                {withPins && (
                  <td className="py-2 pr-4 font-mono">
                    {row.status !== 'done' ? (
                      '—'
                    ) : job.pinsErasedWhy ? (
                      // Gone from the server (saved, dismissed or expired): no dots that suggest it is still kept.
                      <span className="font-sans text-slate-500">Erased</span>
                    ) : shown && pins.data?.has(row.seq) ? (
                      pins.data.get(row.seq)
                    ) : (
                      <span aria-label="hidden">••••••</span>
                    )}
                  </td>
                )}
                <td className="py-2 pr-4">{resultText[row.status]}</td>
                <td className="py-2">{row.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} pages={items.pages} onPage={onPage} label="Results" />
    </section>
  );
}
