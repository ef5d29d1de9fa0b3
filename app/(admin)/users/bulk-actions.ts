'use server';
/** Users page → Action on many users: the WhatIf, then the job. Checked by adminActionFor. */
import { adminActionFor } from '@/lib/actions/admin-action';
import { ActionError } from '@/lib/actions/result';
import { getDb } from '@/lib/db/client';
import { bulkPermission, bulkRequestSchema } from '@/lib/jobs/bulk-request';
import { BulkRequestError, previewBulkJob, startBulkJob } from '@/lib/jobs/bulk-service';
import { wakeJobRunner } from '@/lib/jobs/server-runner';
import { getPinDeps } from '@/lib/server/pin-deps';

const permissionOf = (input: { kind: Parameters<typeof bulkPermission>[0] }) => bulkPermission(input.kind);

function asActionError(error: unknown): never {
  if (error instanceof BulkRequestError) throw new ActionError(error.code, error.message);
  throw error;
}

/** WhatIf: what the job would do. Changes nothing. */
export const previewBulkJobAction = adminActionFor(permissionOf, 'users.previewBulkJob', bulkRequestSchema, async (request) => {
  const deps = getPinDeps();
  return previewBulkJob(getDb(), deps.store, request, deps.clock.now()).catch(asActionError);
});

/** Confirm: queues the job; the runners of every instance pick it up. */
export const startBulkJobAction = adminActionFor(permissionOf, 'users.startBulkJob', bulkRequestSchema, async (request, { user, context }) => {
  const deps = getPinDeps();
  const actor = { type: 'user' as const, id: user.id, name: user.displayName };
  const { jobId, plan } = await startBulkJob(getDb(), deps.store, request, { actor, context, now: deps.clock.now() }).catch(asActionError);
  wakeJobRunner();
  return { jobId, plan };
});
