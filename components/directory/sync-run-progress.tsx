'use client';
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { getRunAction } from '@/app/(admin)/directory/actions';
import type { SyncRunView } from '@/lib/directory/directory-service';
import { runKindWords, runStatusWords } from '@/lib/directory/run-words';
import { syncSummary } from '@/lib/directory/sync-summary';
import { formatTime } from '@/lib/format/time';
import { ProblemsTable } from './problems-table';

export const directoryKeys = { run: (id: string) => ['directory', 'run', id] as const };

async function fetchRun(runId: string): Promise<SyncRunView> {
  const result = await getRunAction({ runId });
  if (!result.ok) throw new Error(result.message);
  return result.data;
}

/**
 * A sync's progress, polled each second while it runs (so it survives a reload and shows a
 * sync started elsewhere), then its counts and skipped entries. The directory's size is not
 * known before the read ends: the bar measures against `expected` (the last full read) when
 * there is one, else it counts without a maximum.
 */
export function SyncRunProgress({ runId, initial, expected }: { runId: string; initial?: SyncRunView; expected?: number }) {
  const query = useQuery({
    queryKey: directoryKeys.run(runId),
    queryFn: () => fetchRun(runId),
    initialData: initial,
    // Stops at the end, and on an error (a run gone from the history would be asked for forever).
    refetchInterval: (q) => (q.state.error ? false : !q.state.data || q.state.data.status === 'running' ? 1000 : false),
  });
  const run = query.data;
  const router = useRouter();
  const status = run?.status;
  // Once it ends, the card's "last sync" and the history show it too.
  useEffect(() => {
    if (status && status !== 'running') router.refresh();
  }, [status, router]);
  if (!run) return <p className="text-sm text-slate-600">{query.error ? query.error.message : 'Starting the sync…'}</p>;
  const max = expected && expected >= run.applied ? expected : undefined;
  const percent = max ? Math.min(100, Math.round((run.applied / max) * 100)) : run.status === 'running' ? undefined : 100;
  return (
    <div className="space-y-2" aria-label={`${runKindWords[run.kind]} of ${run.sourceName}`}>
      <p className="text-sm text-slate-700">
        {runKindWords[run.kind]} started by {run.requestedBy || 'PinDesk'} at {formatTime(run.startedAt)} ·{' '}
        <span className="font-medium">{runStatusWords[run.status]}</span>
        {run.finishedAt !== null && ` at ${formatTime(run.finishedAt)}`}
      </p>
      <div
        role="progressbar"
        aria-label="Sync progress"
        aria-valuemin={0}
        {...(max ? { 'aria-valuemax': max, 'aria-valuenow': run.applied } : {})}
        aria-valuetext={`${run.applied.toLocaleString('en-US')} entries applied${max ? ` of about ${max.toLocaleString('en-US')}` : ''}`}
        className="h-3 w-full overflow-hidden rounded bg-slate-200"
      >
        <div
          className={`h-full ${run.status === 'failed' ? 'bg-red-600' : run.status === 'cancelled' ? 'bg-amber-500' : 'bg-brand-600'} ${percent === undefined ? 'w-1/3 animate-pulse' : ''} transition-all`}
          style={percent === undefined ? undefined : { width: `${percent}%` }}
        />
      </div>
      {/* The counts change every second: only the status is announced. */}
      <p aria-live="polite" className="sr-only">
        {runKindWords[run.kind]}: {runStatusWords[run.status]}
      </p>
      <p className="text-sm text-slate-800">
        {run.read.toLocaleString('en-US')} read · {syncSummary(run)}
      </p>
      {query.error && run.status === 'running' && <p className="text-sm text-red-700">{query.error.message}</p>}
      {run.message && (
        <p role="alert" className="rounded border border-red-200 bg-red-50 p-2 text-sm text-red-800">
          {run.message}
        </p>
      )}
      <ProblemsTable problems={run.problems} total={run.skipped} caption="Skipped entries" />
    </div>
  );
}
