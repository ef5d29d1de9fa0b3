import 'server-only';
/**
 * Bulk jobs for pages, actions and the /api/v1/bulk-jobs routes: queue one (bulk-service.ts),
 * read its progress and results, cancel it, and show, download, erase or dismiss its PINs —
 * on this process's database, PIN store and PIN vault. The callers check who may do what
 * (lib/jobs/job-access.ts).
 */
import * as jobViews from '../db/bulk-job-views';
import { cancelBulkJob as cancelJob } from '../db/bulk-jobs';
import type { Actor, RequestContext } from '../pin/types';
import { getDb, getPinDeps, getPinVault } from '../server/composition-root';
import type { BulkRequest } from './bulk-request';
import * as bulk from './bulk-service';

export type { BulkItemView, BulkJobView, JobPinRow } from '../db/bulk-job-views';
export { pinCount } from '../db/bulk-job-views';
export { BulkRequestError } from './bulk-service';

type Who = { actor: Actor; context?: RequestContext; now: number };
type UserActor = Extract<Actor, { type: 'user' }>;

/** WhatIf: what the job would do. Changes nothing. */
export function previewBulkJob(request: BulkRequest) {
  const { store, clock } = getPinDeps();
  return bulk.previewBulkJob(getDb(), store, request, clock.now());
}

/** Queues the job; the runners of every instance pick it up. */
export function startBulkJob(request: BulkRequest, who: { actor: UserActor; context?: RequestContext }) {
  const { store, clock } = getPinDeps();
  return bulk.startBulkJob(getDb(), store, request, { ...who, now: clock.now() });
}

export function getBulkJob(id: string) {
  return jobViews.getBulkJob(getDb().db, id);
}

export function listBulkJobs(limit: number, now: number) {
  return jobViews.listBulkJobs(getDb().db, limit, now);
}

export function listJobItems(jobId: string, options: { page: number; problems?: boolean }) {
  return jobViews.listJobItems(getDb().db, jobId, options);
}

/** False when the job had already ended. */
export function cancelBulkJob(jobId: string, actor: UserActor, context: RequestContext | undefined, now: number) {
  return cancelJob(getDb(), jobId, actor, context, now);
}

/** One page of the job's PINs in clear (audited). */
export function revealJobPins(jobId: string, page: number, who: Who) {
  return jobViews.revealJobPins(getDb(), jobId, page, getPinVault().open, who);
}

/** Every PIN of the job for the CSV file, or null when they are erased. */
export function readJobPins(jobId: string, now: number) {
  return jobViews.readJobPins(getDb().db, jobId, getPinVault().open, now);
}

export function recordPinsDownloaded(jobId: string, pins: number, who: Who) {
  return jobViews.recordPinsDownloaded(getDb(), jobId, pins, who);
}

/** Erases the PINs once `isSavedFile` recognises the file the creator saved. */
export function eraseSavedJobPins(jobId: string, isSavedFile: (rows: jobViews.JobPinRow[]) => boolean, who: Who) {
  return jobViews.eraseSavedJobPins(getDb(), jobId, getPinVault().open, isSavedFile, who);
}

/** Erases the PINs without showing them. */
export function dismissJobPins(jobId: string, who: Who) {
  return jobViews.dismissJobPins(getDb(), jobId, who);
}
