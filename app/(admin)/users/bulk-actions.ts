'use server';
/** Users page → Action on many users: the WhatIf, then the job. Checked by adminActionFor. */
import { adminActionFor } from '@/lib/actions/admin-action';
import { ActionError } from '@/lib/actions/result';
import { bulkPermission, bulkRequestSchema } from '@/lib/jobs/bulk-request';
import { BulkRequestError, previewBulkJob, startBulkJob } from '@/lib/jobs/bulk-jobs-service';
import { wakeJobRunner } from '@/lib/jobs/server-runner';

const permissionOf = (input: { kind: Parameters<typeof bulkPermission>[0] }) => bulkPermission(input.kind);

function asActionError(error: unknown): never {
  if (error instanceof BulkRequestError) throw new ActionError(error.code, error.message);
  throw error;
}

/** WhatIf: what the job would do. Changes nothing. */
export const previewBulkJobAction = adminActionFor(permissionOf, 'users.previewBulkJob', bulkRequestSchema, async (request) => {
  return previewBulkJob(request).catch(asActionError);
});

/** Confirm: queues the job; the runners of every instance pick it up. */
export const startBulkJobAction = adminActionFor(permissionOf, 'users.startBulkJob', bulkRequestSchema, async (request, { user, context }) => {
  const actor = { type: 'user' as const, id: user.id, name: user.displayName };
  const { jobId, plan } = await startBulkJob(request, { actor, context }).catch(asActionError);
  wakeJobRunner();
  return { jobId, plan };
});
