/**
 * Bulk job rows (prisma/models.prisma BulkJob, BulkJobItem). Items move
 * pending → claimed (by one runner, with a lease) → done | skipped | failed, or → cancelled.
 *
 * Exactly once, across app instances and crashes: a runner claims items with one atomic
 * UPDATE (SKIP LOCKED on PostgreSQL), and a user's change commits in the same transaction
 * that marks the item done — and only if the item is still claimed with the runner's token.
 * A runner that dies leaves claimed items whose lease runs out; another runner takes them
 * again, and since nothing of theirs was committed, nothing is done twice.
 */
import type { PinStoreTx } from '../pin/store';
import type { NewPin } from '../pin/store';
import type { Actor, AuditEventInput, PinStateRecord, RequestContext } from '../pin/types';
import { randomUUID } from 'node:crypto';
import { appendChained, lockChainHead } from './audit-writer';
import type { Db, DbHandle } from './client';
import type { SqlClient } from './executor';
import { getPinStates, pinStoreTx, savePins } from './pin-store';
import { empty, insertInto, join, raw, sql } from './sql';

export type BulkJobStatus = 'running' | 'completed' | 'cancelled';
export type BulkItemStatus = 'pending' | 'claimed' | 'done' | 'skipped' | 'failed' | 'cancelled';

type Int = number | bigint | string;

export type NewBulkJob = {
  kind: string;
  options: Record<string, unknown>;
  summary: string;
  actor: Extract<Actor, { type: 'user' }>;
  context?: RequestContext;
  /** In order; a user with `skip` is recorded as skipped at once (the WhatIf said so). */
  items: { userId: string; identity: string; skip: { reason: string } | null }[];
  now: number;
};

/** Creates the job, its items and its "started" audit event in one transaction; returns its id. */
export async function createBulkJob({ executor }: DbHandle, job: NewBulkJob): Promise<string> {
  const skipped = job.items.filter((i) => i.skip).length;
  const pending = job.items.length - skipped;
  const id = randomUUID();
  return executor.transaction(async (tx) => {
    // The audit chain head is locked only by appendChained at the end: every other audited
    // write (a bridge's logon included) waits on that row, under the statement timeout, and
    // must not wait for thousands of item inserts. Until then this writes only its own new
    // rows, which nothing else can lock, so taking the head last risks no deadlock.
    const jobColumns = {
      id: 'id',
      kind: 'kind',
      options: 'options',
      summary: 'summary',
      createdById: 'created_by_id',
      createdByName: 'created_by_name',
      createdAt: 'created_at',
      status: 'status',
      total: 'total',
      skipped: 'skipped',
      startedAt: 'started_at',
      finishedAt: 'finished_at',
    };
    await tx.execute(
      insertInto('bulk_job', jobColumns, [
        {
          id,
          kind: job.kind,
          options: JSON.stringify({ ...job.options, context: job.context ?? {} }),
          summary: job.summary,
          createdById: job.actor.id,
          createdByName: job.actor.name,
          createdAt: new Date(),
          status: pending > 0 ? 'running' : 'completed',
          total: job.items.length,
          skipped,
          startedAt: job.now,
          finishedAt: pending > 0 ? null : job.now,
        },
      ]),
    );
    const columns = { jobId: 'job_id', seq: 'seq', userId: 'user_id', identity: 'identity', status: 'status', reason: 'reason', finishedAt: 'finished_at' };
    for (let i = 0; i < job.items.length; i += 500) {
      const rows = job.items.slice(i, i + 500).map((item, n) => ({
        jobId: id,
        seq: i + n,
        userId: item.userId,
        identity: item.identity,
        status: item.skip ? 'skipped' : 'pending',
        reason: item.skip?.reason ?? null,
        finishedAt: item.skip ? job.now : null,
      }));
      await tx.execute(insertInto('bulk_job_item', columns, rows));
    }
    const events: AuditEventInput[] = [
      jobEvent(job.actor, job.context, job.now, 'bulk_job.started', id, job.kind, { total: job.items.length, skipped, summary: job.summary }),
    ];
    if (pending === 0) events.push(jobEvent(job.actor, job.context, job.now, 'bulk_job.completed', id, job.kind, { done: 0, skipped, failed: 0 }));
    await appendChained(tx, events);
    return id;
  });
}

function jobEvent(
  actor: Actor,
  context: RequestContext | undefined,
  at: number,
  action: string,
  jobId: string,
  kind: string,
  details: Record<string, unknown>,
): AuditEventInput {
  return { at, actor, action, target: { type: 'bulk_job', id: jobId, name: kind }, context, outcome: 'success', details };
}

/** Ids of the jobs with work left, oldest first. */
export async function listRunningJobIds(db: Db): Promise<string[]> {
  const rows = await db.bulkJob.findMany({ where: { status: 'running' }, orderBy: { createdAt: 'asc' }, select: { id: true }, take: 100 });
  return rows.map((r) => r.id);
}

export type ClaimedItem = { jobId: string; seq: number; userId: string; identity: string };

/**
 * Claims up to `limit` pending items of a job (including those whose claim's lease ran out)
 * for `token` until `now + leaseMs`. Two runners never get the same item.
 */
export async function claimJobItems(
  { executor, target }: DbHandle,
  jobId: string,
  token: string,
  limit: number,
  now: number,
  leaseMs: number,
): Promise<ClaimedItem[]> {
  // Claims whose lease ran out (their runner died) go back to pending first: a cheap step
  // over the few claimed rows, which keeps the claim itself an index range in seq order
  // (an OR of both states made it sort every pending row, per batch). A late commit of the
  // old runner no longer matches its token, so nothing is done twice.
  await executor.execute(
    sql`UPDATE bulk_job_item SET status = 'pending', claim_token = NULL, lease_until = NULL WHERE job_id = ${jobId} AND status = 'claimed' AND lease_until < ${now} RETURNING seq`,
  );
  // The pick is a materialized CTE (as an IN (… LIMIT … FOR UPDATE) subquery PostgreSQL may
  // rescan it per row and claim far more than `limit` items), and the picked rows are
  // updated through the primary key, never by scanning the job's pending rows again. No
  // status re-check is needed there: PostgreSQL's FOR UPDATE re-evaluates the pick's WHERE
  // on rows changed meanwhile and SKIP LOCKED passes over others' picks; SQLite has one writer.
  const lock = raw(target.provider === 'postgresql' ? 'FOR UPDATE SKIP LOCKED' : '');
  const rows = await executor.query<{ seq: Int; user_id: string; identity: string }>(sql`WITH picked AS MATERIALIZED (
      SELECT seq FROM bulk_job_item WHERE job_id = ${jobId} AND status = 'pending' ORDER BY seq LIMIT ${limit} ${lock})
    UPDATE bulk_job_item SET status = 'claimed', claim_token = ${token}, lease_until = ${now + leaseMs}
    FROM picked WHERE bulk_job_item.job_id = ${jobId} AND bulk_job_item.seq = picked.seq
    RETURNING bulk_job_item.seq, bulk_job_item.user_id, bulk_job_item.identity`);
  return rows.map((r) => ({ jobId, seq: Number(r.seq), userId: r.user_id, identity: r.identity })).sort((a, b) => a.seq - b.seq);
}

/**
 * Gives back the items `token` still holds and has not committed: they turn pending at once
 * (claim and lease cleared), so another runner takes them without waiting for the lease. A
 * runner that stops calls it. Items another runner took over carry that runner's token and
 * are not touched; a late commit of `token` then finds nothing of its own, so nothing is
 * done twice. `only`: just these items of one job. Returns how many were released.
 */
export async function releaseClaimedItems({ executor }: DbHandle, token: string, only?: { jobId: string; seqs: number[] }): Promise<number> {
  if (only?.seqs.length === 0) return 0;
  const ofJob = only ? sql` AND job_id = ${only.jobId} AND seq IN (${join(only.seqs)})` : empty;
  return executor.execute(
    sql`UPDATE bulk_job_item SET status = 'pending', claim_token = NULL, lease_until = NULL WHERE claim_token = ${token} AND status = 'claimed'${ofJob}`,
  );
}

export type ItemOutcome = { status: 'done' | 'skipped' | 'failed'; reason?: string; pinCiphertext?: string };

export type JobActor = { actor: Extract<Actor, { type: 'user' }>; context: RequestContext };

/** The job's creator and request context: the actor of every change the job makes. */
export async function getJobActor(db: Db, jobId: string): Promise<(JobActor & { kind: string; options: Record<string, unknown> }) | null> {
  const job = await db.bulkJob.findUnique({ where: { id: jobId }, select: { kind: true, options: true, createdById: true, createdByName: true } });
  if (!job) return null;
  const { context, ...options } = JSON.parse(job.options) as Record<string, unknown> & { context?: RequestContext };
  return { kind: job.kind, options, actor: { type: 'user', id: job.createdById, name: job.createdByName }, context: context ?? {} };
}

/**
 * Commits claimed items in one transaction: each `apply` makes its user's change (through
 * lib/pin, on the same transaction) and says how it went. Items no longer claimed with
 * `token` (cancelled, or taken over after the lease ran out) are left alone and their
 * `apply` is not called. Ends the job when nothing is left. Returns how many were committed.
 */
export async function commitJobItems(
  { executor }: DbHandle,
  commit: { jobId: string; token: string; now: number; items: { seq: number; userId: string; apply: (tx: PinStoreTx) => Promise<ItemOutcome> }[] },
): Promise<number> {
  if (commit.items.length === 0) return 0;
  return executor.transaction(async (tx) => {
    await lockChainHead(tx);
    // Locks the rows (PostgreSQL) so a cancel waits for this commit, or this finds them gone.
    const owned = await tx.query<{ seq: Int }>(
      sql`UPDATE bulk_job_item SET lease_until = lease_until WHERE job_id = ${commit.jobId} AND claim_token = ${commit.token} AND status = 'claimed'
        AND seq IN (${join(commit.items.map((i) => i.seq))}) RETURNING seq`,
    );
    const ownedSeqs = new Set(owned.map((r) => Number(r.seq)));
    if (ownedSeqs.size === 0) return 0;
    const mine = commit.items.filter((i) => ownedSeqs.has(i.seq));
    const store = batchedStore(
      tx,
      await getPinStates(
        tx,
        mine.map((i) => i.userId),
      ),
    );
    const results: { seq: number; outcome: ItemOutcome }[] = [];
    for (const item of mine) results.push({ seq: item.seq, outcome: await item.apply(store) });
    await store.flush();
    await recordOutcomes(tx, commit.jobId, commit.now, results);
    const count = (status: ItemOutcome['status']) => results.filter((r) => r.outcome.status === status).length;
    await tx.execute(
      sql`UPDATE bulk_job SET done = done + ${count('done')}, skipped = skipped + ${count('skipped')}, failed = failed + ${count('failed')} WHERE id = ${commit.jobId}`,
    );
    await finishIfDrained(tx, commit.jobId, commit.now);
    return ownedSeqs.size;
  });
}

/**
 * The PinStoreTx a batch's changes go through: each user's first state read comes from one
 * query for the whole batch, and new PINs and audit events are written for the whole batch
 * at flush() — a handful of statements per batch instead of several per user. Later reads
 * of a user go to the database, so they see the batch's earlier writes (only PINs and audit
 * events wait for flush(), and nothing in a batch reads those back).
 */
function batchedStore(tx: SqlClient, firstStates: Map<string, PinStateRecord>): PinStoreTx & { flush(): Promise<void> } {
  const base = pinStoreTx(tx);
  const prefetched = new Set(firstStates.keys());
  const unread = new Set<string>();
  const pins: { userId: string; pin: NewPin }[] = [];
  const events: AuditEventInput[] = [];
  return {
    ...base,
    async getPinState(userId) {
      if (!unread.has(userId) && !pins.some((p) => p.userId === userId)) {
        unread.add(userId);
        return prefetched.has(userId) ? firstStates.get(userId)! : null;
      }
      return base.getPinState(userId);
    },
    savePin: async (userId, pin) => void pins.push({ userId, pin }),
    appendAudit: async (event) => void events.push(event),
    async flush() {
      await savePins(tx, pins);
      await appendChained(tx, events);
    },
  };
}

/** Each item's result, in one statement. */
async function recordOutcomes(tx: SqlClient, jobId: string, now: number, results: { seq: number; outcome: ItemOutcome }[]): Promise<void> {
  if (results.length === 0) return;
  const values = join(
    results.map((r) => sql`(CAST(${r.seq} AS INTEGER), ${r.outcome.status}, ${r.outcome.reason ?? null}, ${r.outcome.pinCiphertext ?? null})`),
  );
  await tx.execute(
    sql`WITH outcome (seq, status, reason, pin_ciphertext) AS (VALUES ${values})
     UPDATE bulk_job_item SET status = outcome.status, reason = outcome.reason, pin_ciphertext = outcome.pin_ciphertext,
       finished_at = ${now}, claim_token = NULL, lease_until = NULL
     FROM outcome WHERE bulk_job_item.job_id = ${jobId} AND bulk_job_item.seq = outcome.seq`,
  );
}

/** Marks the job completed (once, with its audit event) when no item is pending or claimed. */
async function finishIfDrained(tx: SqlClient, jobId: string, now: number): Promise<void> {
  const left = await tx.query(sql`SELECT 1 AS one FROM bulk_job_item WHERE job_id = ${jobId} AND status IN ('pending', 'claimed') LIMIT 1`);
  if (left.length > 0) return;
  const finished = await tx.query<{ kind: string; created_by_id: string; created_by_name: string; options: string; done: Int; skipped: Int; failed: Int }>(
    sql`UPDATE bulk_job SET status = 'completed', finished_at = ${now} WHERE id = ${jobId} AND status = 'running'
     RETURNING kind, created_by_id, created_by_name, options, done, skipped, failed`,
  );
  if (finished.length === 0) return;
  const job = finished[0];
  const context = (JSON.parse(job.options) as { context?: RequestContext }).context;
  await appendChained(tx, [
    jobEvent({ type: 'user', id: job.created_by_id, name: job.created_by_name }, context, now, 'bulk_job.completed', jobId, job.kind, {
      done: Number(job.done),
      skipped: Number(job.skipped),
      failed: Number(job.failed),
    }),
  ]);
}

/**
 * Cancels a running job: every item not committed yet is cancelled at once (a runner's
 * commit in flight either finished before this or finds its items gone). False if the job
 * was not running.
 */
export async function cancelBulkJob(
  { executor }: DbHandle,
  jobId: string,
  actor: Extract<Actor, { type: 'user' }>,
  context: RequestContext | undefined,
  now: number,
): Promise<boolean> {
  return executor.transaction(async (tx) => {
    await lockChainHead(tx);
    const rows = await tx.query<{ kind: string; done: Int; skipped: Int; failed: Int }>(
      sql`UPDATE bulk_job SET status = 'cancelled', finished_at = ${now} WHERE id = ${jobId} AND status = 'running' RETURNING kind, done, skipped, failed`,
    );
    if (rows.length === 0) return false;
    const cancelled = await tx.execute(
      sql`UPDATE bulk_job_item SET status = 'cancelled', claim_token = NULL, lease_until = NULL, finished_at = ${now} WHERE job_id = ${jobId} AND status IN ('pending', 'claimed')`,
    );
    const [job] = rows;
    const counts = { done: Number(job.done), skipped: Number(job.skipped), failed: Number(job.failed) };
    await appendChained(tx, [jobEvent(actor, context, now, 'bulk_job.cancelled', jobId, job.kind, { ...counts, cancelled })]);
    return true;
  });
}
