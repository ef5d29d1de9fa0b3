/**
 * What the pages and the API read about bulk jobs: progress, the results table, and the
 * generated PINs — which only the job's creator gets, and which are kept until the creator
 * confirms they saved the downloaded file, dismisses them, or they are 24 hours old.
 */
import type { Actor, AuditEventInput, RequestContext } from '../pin/types';
import { appendChainedInPrisma, lockChainHeadInPrisma } from './audit-writer';
import type { Db, DbHandle, DbTx as Tx } from './client';
import type { BulkItemStatus, BulkJobStatus } from './bulk-jobs';

/** How long generated PINs wait for their administrator at most. */
export const PIN_RESULTS_TTL_MS = 24 * 60 * 60 * 1000;

export type BulkJobView = {
  id: string;
  kind: string;
  summary: string;
  status: BulkJobStatus;
  createdById: string;
  createdByName: string;
  total: number;
  done: number;
  skipped: number;
  failed: number;
  cancelled: number;
  startedAt: number;
  finishedAt: number | null;
  /** Generated PINs are still held (set-pin jobs, before the confirmed erase, dismiss or expiry). */
  pinsAvailable: boolean;
  /** When they will be erased automatically if still held (ms since the epoch). */
  pinsExpireAt: number | null;
  pinsErasedWhy: string | null;
};

const jobSelect = {
  id: true,
  kind: true,
  summary: true,
  status: true,
  createdById: true,
  createdByName: true,
  total: true,
  done: true,
  skipped: true,
  failed: true,
  startedAt: true,
  finishedAt: true,
  pinsErasedAt: true,
  pinsErasedWhy: true,
} as const;

const findJobRow = (db: Db | Tx, id: string) => db.bulkJob.findUnique({ where: { id }, select: jobSelect });
type JobRow = NonNullable<Awaited<ReturnType<typeof findJobRow>>>;

function toView(row: JobRow, now: number): BulkJobView {
  const finishedAt = row.finishedAt === null ? null : Number(row.finishedAt);
  const expired = row.status !== 'running' && finishedAt !== null && now - Number(row.startedAt) > PIN_RESULTS_TTL_MS;
  const cancelled = row.status === 'cancelled' ? row.total - row.done - row.skipped - row.failed : 0;
  const pinsAvailable = row.kind === 'set-pin' && row.pinsErasedAt === null && !expired && row.done > 0;
  return {
    id: row.id,
    kind: row.kind,
    summary: row.summary,
    status: row.status as BulkJobStatus,
    createdById: row.createdById,
    createdByName: row.createdByName,
    total: row.total,
    done: row.done,
    skipped: row.skipped,
    failed: row.failed,
    cancelled,
    startedAt: Number(row.startedAt),
    finishedAt,
    pinsAvailable,
    pinsExpireAt: pinsAvailable ? Number(row.startedAt) + PIN_RESULTS_TTL_MS : null,
    pinsErasedWhy: row.pinsErasedWhy ?? (expired ? 'expired' : null),
  };
}

export async function getBulkJob(db: Db, id: string, now = Date.now()): Promise<BulkJobView | null> {
  const row = await findJobRow(db, id);
  return row ? toView(row, now) : null;
}

/** The most recent jobs, running ones first. */
export async function listBulkJobs(db: Db, limit = 50, now = Date.now()): Promise<BulkJobView[]> {
  const rows = await db.bulkJob.findMany({ orderBy: [{ createdAt: 'desc' }], take: limit, select: jobSelect });
  return rows.map((r) => toView(r, now)).sort((a, b) => Number(b.status === 'running') - Number(a.status === 'running'));
}

export type BulkItemView = { seq: number; identity: string; status: BulkItemStatus; reason: string | null };

export const RESULTS_PAGE_SIZE = 100;

/** One page of a job's items; `problems` = only skipped and failed ones. */
export async function listJobItems(
  db: Db,
  jobId: string,
  options: { page: number; problems?: boolean },
): Promise<{ rows: BulkItemView[]; total: number; pages: number }> {
  const where = { jobId, ...(options.problems ? { status: { in: ['skipped', 'failed'] } } : {}) };
  const total = await db.bulkJobItem.count({ where });
  const pages = Math.max(1, Math.ceil(total / RESULTS_PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page), pages);
  const rows = await db.bulkJobItem.findMany({
    where,
    orderBy: { seq: 'asc' },
    skip: (page - 1) * RESULTS_PAGE_SIZE,
    take: RESULTS_PAGE_SIZE,
    select: { seq: true, identity: true, status: true, reason: true },
  });
  return { rows: rows.map((r) => ({ ...r, status: r.status as BulkItemStatus })), total, pages };
}

export type PinOpener = (sealed: string, itemKey: string) => string | null;
export const itemKey = (jobId: string, seq: number) => `${jobId}:${seq}`;

/**
 * "Show PIN": identity + PIN of the done items of one page, audited like the download (job,
 * page, how many PINs; never a PIN). The PINs are read and the event written in one
 * transaction, so no PIN leaves the server unrecorded. Empty once the PINs are gone.
 */
export async function revealJobPins(
  { db }: DbHandle,
  jobId: string,
  page: number,
  open: PinOpener,
  who: { actor: Actor; context?: RequestContext; now: number },
): Promise<{ seq: number; identity: string; pin: string }[]> {
  return db.$transaction(async (tx) => {
    await lockChainHeadInPrisma(tx);
    const job = await findJobRow(tx, jobId);
    if (!job || !toView(job, who.now).pinsAvailable) return [];
    const rows = await tx.bulkJobItem.findMany({
      where: { jobId, status: 'done', pinCiphertext: { not: null } },
      orderBy: { seq: 'asc' },
      skip: (Math.max(1, page) - 1) * RESULTS_PAGE_SIZE,
      take: RESULTS_PAGE_SIZE,
      select: { seq: true, identity: true, pinCiphertext: true },
    });
    const pins = rows.flatMap((r) => {
      const pin = open(r.pinCiphertext!, itemKey(jobId, r.seq));
      return pin === null ? [] : [{ seq: r.seq, identity: r.identity, pin }];
    });
    await appendChainedInPrisma(tx, [resultsEvent(who, jobId, 'bulk_job.pins_revealed', { page, pins: pins.length })]);
    return pins;
  });
}

/** One user of the job's CSV: a changed user with their PIN, or a skipped or failed one with the reason. */
export type JobPinRow = { identity: string; displayName: string; pin: string | null; status: 'done' | 'skipped' | 'failed'; reason: string | null };

/** How many PINs a CSV's rows hold (the rest are users skipped or failed). */
export const pinCount = (rows: JobPinRow[]) => rows.filter((r) => r.pin !== null).length;

/**
 * Every generated PIN of the job, in the order of the job, for the CSV, with the users it
 * skipped or could not change and why: read only, nothing erased and nothing audited (the
 * route audits the download once the response has been delivered). Null when there are no
 * PINs (any more).
 */
export async function readJobPins(db: Db, jobId: string, open: PinOpener, now: number): Promise<JobPinRow[] | null> {
  return db.$transaction((tx) => readPinsIn(tx, jobId, open, now), { timeout: 60_000, maxWait: 60_000 });
}

async function readPinsIn(tx: Tx, jobId: string, open: PinOpener, now: number): Promise<JobPinRow[] | null> {
  const job = await findJobRow(tx, jobId);
  if (!job || !toView(job, now).pinsAvailable) return null;
  const items = await tx.bulkJobItem.findMany({
    where: { jobId, OR: [{ status: 'done', pinCiphertext: { not: null } }, { status: { in: ['skipped', 'failed'] } }] },
    orderBy: { seq: 'asc' },
    select: { seq: true, identity: true, userId: true, status: true, reason: true, pinCiphertext: true },
  });
  const names = new Map<string, string>();
  for (let i = 0; i < items.length; i += 500) {
    const users = await tx.directoryUser.findMany({
      where: { id: { in: items.slice(i, i + 500).map((r) => r.userId) } },
      select: { id: true, displayName: true },
    });
    for (const u of users) names.set(u.id, u.displayName);
  }
  return items.flatMap((r): JobPinRow[] => {
    const displayName = names.get(r.userId) ?? '';
    if (r.status !== 'done') return [{ identity: r.identity, displayName, pin: null, status: r.status as 'skipped' | 'failed', reason: r.reason }];
    const pin = open(r.pinCiphertext!, itemKey(jobId, r.seq));
    return pin === null ? [] : [{ identity: r.identity, displayName, pin, status: 'done', reason: null }];
  });
}

/** Audits a completed download: who, when, how many PINs (never a PIN or the file's checksum). */
export async function recordPinsDownloaded(
  { db }: DbHandle,
  jobId: string,
  pins: number,
  who: { actor: Actor; context?: RequestContext; now: number },
): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockChainHeadInPrisma(tx);
    await appendChainedInPrisma(tx, [resultsEvent(who, jobId, 'bulk_job.pins_downloaded', { pins })]);
  });
}

export type SavedPinsErase = { result: 'erased'; pins: number } | { result: 'gone' } | { result: 'running' } | { result: 'mismatch' };

/**
 * "I have saved the file — erase the PINs": reads the PINs again, and erases them (audited
 * `bulk_job.pins_erased`) only if `isSavedFile` recognises them as the file the administrator
 * holds. Refused while the job runs: later batches would store PINs nobody could read any more.
 * The chain head is locked only for the erase itself, not while every PIN is decrypted and
 * the file hashed (bridge logons wait on that lock).
 */
export async function eraseSavedJobPins(
  { db }: DbHandle,
  jobId: string,
  open: PinOpener,
  isSavedFile: (rows: JobPinRow[]) => boolean,
  who: { actor: Actor; context?: RequestContext; now: number },
): Promise<SavedPinsErase> {
  return db.$transaction(
    async (tx) => {
      if ((await findJobRow(tx, jobId))?.status === 'running') return { result: 'running' } as const;
      const rows = await readPinsIn(tx, jobId, open, who.now);
      if (!rows) return { result: 'gone' } as const;
      if (!isSavedFile(rows)) return { result: 'mismatch' } as const;
      await lockChainHeadInPrisma(tx);
      // A finished job's PINs change only by being erased: if nobody erased them meanwhile, these are the ones read.
      if (!(await erase(tx, jobId, 'saved', who.now))) return { result: 'gone' } as const;
      await appendChainedInPrisma(tx, [resultsEvent(who, jobId, 'bulk_job.pins_erased', { pins: pinCount(rows) })]);
      return { result: 'erased', pins: pinCount(rows) } as const;
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
}

/**
 * "Dismiss": erases the job's PINs without showing them (audited). Refused while the job runs,
 * for the same reason as the erase.
 */
export async function dismissJobPins(
  { db }: DbHandle,
  jobId: string,
  who: { actor: Actor; context?: RequestContext; now: number },
): Promise<'dismissed' | 'gone' | 'running'> {
  return db.$transaction(async (tx) => {
    await lockChainHeadInPrisma(tx);
    const job = await findJobRow(tx, jobId);
    if (job?.status === 'running') return 'running';
    if (!job || !toView(job, who.now).pinsAvailable) return 'gone';
    await erase(tx, jobId, 'dismissed', who.now);
    await appendChainedInPrisma(tx, [resultsEvent(who, jobId, 'bulk_job.pins_dismissed', {})]);
    return 'dismissed';
  });
}

/** False when the PINs had already been erased. */
async function erase(tx: Tx, jobId: string, why: string, now: number): Promise<boolean> {
  const { count } = await tx.bulkJob.updateMany({ where: { id: jobId, pinsErasedAt: null }, data: { pinsErasedAt: BigInt(now), pinsErasedWhy: why } });
  if (count === 0) return false;
  await tx.bulkJobItem.updateMany({ where: { jobId, pinCiphertext: { not: null } }, data: { pinCiphertext: null } });
  return true;
}

function resultsEvent(
  who: { actor: Actor; context?: RequestContext; now: number },
  jobId: string,
  action: string,
  details: Record<string, unknown>,
): AuditEventInput {
  return { at: who.now, actor: who.actor, action, target: { type: 'bulk_job', id: jobId, name: 'set-pin' }, context: who.context, outcome: 'success', details };
}

/** Erases the PINs of finished jobs older than PIN_RESULTS_TTL_MS; returns how many jobs. */
export async function eraseExpiredPins(db: Db, now: number): Promise<number> {
  const stale = await db.bulkJob.findMany({
    where: { pinsErasedAt: null, kind: 'set-pin', status: { not: 'running' }, startedAt: { lt: BigInt(now - PIN_RESULTS_TTL_MS) } },
    select: { id: true },
    take: 100,
  });
  for (const { id } of stale) {
    await db.$transaction(async (tx) => erase(tx, id, 'expired', now));
  }
  return stale.length;
}
