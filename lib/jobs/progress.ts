/** Progress figures of a bulk job for its progress bar: processed, rate, time left. */
export type JobProgress = { processed: number; total: number; percent: number; perSecond: number | null; secondsLeft: number | null };

export function jobProgress(
  job: { total: number; done: number; skipped: number; failed: number; startedAt: number; finishedAt: number | null; status: string },
  now: number,
): JobProgress {
  const processed = job.done + job.skipped + job.failed;
  const percent = job.total === 0 ? 100 : Math.floor((processed / job.total) * 100);
  const elapsed = ((job.finishedAt ?? now) - job.startedAt) / 1000;
  const perSecond = elapsed > 0.5 && processed > 0 ? processed / elapsed : null;
  const secondsLeft = job.status === 'running' && perSecond ? Math.ceil((job.total - processed) / perSecond) : null;
  return { processed, total: job.total, percent, perSecond, secondsLeft };
}

/** "about 2 min 5 s" */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
