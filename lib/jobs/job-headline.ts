/**
 * The sentence at the top of a bulk job's page. While the job runs it is the WhatIf the
 * administrator confirmed ("268 users will get a new PIN"); once the job has ended it says
 * what was done, in the past tense, from the job's own counters ("Set 268 PINs; skipped 5
 * users."), so a finished job never reads as if it were still to happen.
 */
export type HeadlineJob = {
  kind: string;
  status: 'running' | 'completed' | 'cancelled';
  summary: string;
  done: number;
  skipped: number;
  failed: number;
};

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** What was done to the users changed, by operation ("Set 268 PINs"). */
function didWhat(kind: string, done: number): string {
  switch (kind) {
    case 'set-pin':
      return `Set ${count(done, 'PIN')}`;
    case 'lock':
      return `Locked ${count(done, 'PIN')}`;
    case 'unlock':
      return `Unlocked ${count(done, 'PIN')}`;
    case 'assign-policy':
      return `Assigned the policy to ${count(done, 'user')}`;
    default:
      return `Changed ${count(done, 'user')}`;
  }
}

export function jobHeadline(job: HeadlineJob): string {
  if (job.status === 'running') return job.summary;
  // How many a cancel left unchanged is said once, under the progress bar.
  const parts = [`${didWhat(job.kind, job.done)}${job.status === 'cancelled' ? ' before the job was cancelled' : ''}`];
  if (job.skipped) parts.push(`skipped ${count(job.skipped, 'user')}`);
  if (job.failed) parts.push(`${count(job.failed, 'user')} failed`);
  return `${parts.join('; ')}.`;
}
