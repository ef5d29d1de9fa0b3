/**
 * Bulk jobs from a request: resolve the selection to users, compute the WhatIf (lib/pin's
 * planBulk), and queue the job. Used by the Users page's server actions.
 */
import { createBulkJob } from '../db/bulk-jobs';
import type { DbHandle } from '../db/client';
import { findUsersWithState } from '../db/pin-store';
import { searchUserIds } from '../db/user-search';
import type { PinStoreReader } from '../pin/store';
import type { Actor, RequestContext } from '../pin/types';
import { bulkVerdict, checkBulkOptions, planBulk, type BulkPlan, type BulkSubject } from '../pin/use-cases/bulk';
import { MAX_JOB_USERS, type BulkRequest, type BulkSelection } from './bulk-request';

export class BulkRequestError extends Error {
  constructor(
    readonly code: 'NO_USERS' | 'TOO_MANY_USERS',
    message: string,
  ) {
    super(message);
    this.name = 'BulkRequestError';
  }
}

/** The selected users, in display order, that still exist. */
async function selectedSubjects(handle: DbHandle, selection: BulkSelection): Promise<BulkSubject[]> {
  const ids = selection.kind === 'ids' ? [...new Set(selection.ids)] : await searchUserIds(handle, { ...selection.search, page: 1 });
  if (ids.length > MAX_JOB_USERS)
    throw new BulkRequestError('TOO_MANY_USERS', `A bulk job can change at most ${MAX_JOB_USERS.toLocaleString('en-US')} users; narrow the search.`);
  const found = await findUsersWithState(handle.executor, ids);
  const subjects = ids.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
  if (subjects.length === 0) throw new BulkRequestError('NO_USERS', 'None of the selected users exists any more. Search again and select users.');
  return subjects;
}

/** The WhatIf: what the job would do, changing nothing. */
export async function previewBulkJob(handle: DbHandle, reader: PinStoreReader, request: BulkRequest, now: number): Promise<BulkPlan> {
  const options = await checkBulkOptions(reader, request.kind, request.options);
  return planBulk(request.kind, options, await selectedSubjects(handle, request.selection), now);
}

/** Queues the job (the selection is resolved again: it is what the job will change). */
export async function startBulkJob(
  handle: DbHandle,
  reader: PinStoreReader,
  request: BulkRequest,
  who: { actor: Extract<Actor, { type: 'user' }>; context?: RequestContext; now: number },
): Promise<{ jobId: string; plan: BulkPlan }> {
  const options = await checkBulkOptions(reader, request.kind, request.options);
  const subjects = await selectedSubjects(handle, request.selection);
  const plan = planBulk(request.kind, options, subjects, who.now);
  const jobId = await createBulkJob(handle, {
    kind: request.kind,
    options,
    summary: plan.summary,
    actor: who.actor,
    context: who.context,
    items: subjects.map((s) => ({ userId: s.user.id, identity: s.user.sipAddress.replace(/^sip:/, ''), skip: bulkVerdict(request.kind, options, s, who.now) })),
    now: who.now,
  });
  return { jobId, plan };
}
