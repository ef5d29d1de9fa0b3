'use server';
/** Bulk job page actions: cancel a job, dismiss its PINs. */
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/admin-action';
import { ActionError } from '@/lib/actions/result';
import { cancelBulkJob, dismissJobPins, getBulkJob } from '@/lib/jobs/bulk-jobs-service';
import { mayCancelJob } from '@/lib/jobs/job-access';
import { JOB_STILL_RUNNING } from '@/lib/jobs/job-pins-messages';

const jobInput = z.object({ jobId: z.string().min(1).max(64) });

async function loadJob(jobId: string) {
  const job = await getBulkJob(jobId);
  if (!job) throw new ActionError('JOB_NOT_FOUND', 'This job does not exist (any more).');
  return job;
}

/** Cancel job: the job's creator or a CsAdministrator; users not processed yet are left unchanged. */
export const cancelJobAction = adminAction('user.read', 'jobs.cancel', jobInput, async ({ jobId }, { user, actor, context }) => {
  const job = await loadJob(jobId);
  if (!mayCancelJob(user, job)) throw new ActionError('FORBIDDEN', 'Only the administrator who started this job, or a CsAdministrator, can cancel it.');
  const cancelled = await cancelBulkJob(jobId, { type: 'user', id: user.id, name: actor.name }, context, Date.now());
  if (!cancelled) throw new ActionError('JOB_NOT_RUNNING', 'The job has already ended.');
  revalidatePath(`/jobs/${jobId}`);
  return { cancelled: true };
});

/** Dismiss PINs: erases the generated PINs without showing them (creator only). */
export const dismissPinsAction = adminAction('user.read', 'jobs.dismissPins', jobInput, async ({ jobId }, { user, actor, context }) => {
  const job = await loadJob(jobId);
  if (job.createdById !== user.id) throw new ActionError('FORBIDDEN', 'Only the administrator who started this job can see or dismiss its PINs.');
  const outcome = await dismissJobPins(jobId, { actor: { type: 'user', id: user.id, name: actor.name }, context, now: Date.now() });
  if (outcome === 'running') throw new ActionError('JOB_RUNNING', JOB_STILL_RUNNING);
  if (outcome === 'gone') throw new ActionError('PINS_GONE', 'The PINs of this job were already erased.');
  return { dismissed: true };
});
