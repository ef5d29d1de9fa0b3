/**
 * Group commit for the writes that stand alone, outside use-case transactions: audit events
 * (PIN logon attempts, sign-ins, refusals) and the settling of a right PIN's claimed attempt
 * (lockout.settleSuccess()). Whatever arrives in one turn of the event loop, or while a
 * batch is being written, goes together in the next batch — one transaction; on PostgreSQL
 * usually one statement — and each caller's promise resolves once its part is committed.
 * A logon's settle and its audit event are written together that way (verify-pin-logon.ts
 * asks for both at once), so a right PIN costs one write after the verify, not two.
 *
 * Settles of one user in one batch are merged (n successes take n off the global counter,
 * floored at 0, as n single settles would).
 *
 * Under load a batch may also wait a few milliseconds for more (`pacing`), as PostgreSQL's
 * commit_delay does when commit_siblings transactions are active: when logons are queueing
 * for argon2, their events arrive one by one, a verify apart, and writing each alone costs
 * PostgreSQL throughput in writes that a short wait merges (bench/README.md). Nobody waits
 * when the server is not that busy.
 */
import type { Claim } from '../pin/lockout';
import type { AuditEventInput } from '../pin/types';
import type { Provider } from '../../prisma/providers';
import { appendChained, appendChainedIfHead, type AlongsideSql } from './audit-writer';
import type { SqlClient, SqlExecutor } from './executor';
import { sql } from './sql';

const MAX_BATCH = 200;
const CAS_ATTEMPTS = 3;

export type SettleSuccess = { userId: string; now: number; claim: Claim };

/** When a batch should wait for more before it is written. */
export type GroupCommitPacing = {
  /** True when more events are about to arrive (logons waiting for argon2). */
  othersComing(): boolean;
  /** The longest a batch waits for them. */
  maxWaitMs: number;
  /** Written at once, without waiting further, when this many are pending. */
  fullBatch: number;
};

export type GroupCommit = {
  append(event: AuditEventInput): Promise<void>;
  settle(success: SettleSuccess): Promise<void>;
};

type Pending = { event?: AuditEventInput; settle?: SettleSuccess; resolve: () => void; reject: (error: unknown) => void };

type MergedSettle = { userId: string; successes: number; at: number; clearTemporary: boolean; clearSystem: boolean };

export function mergeSettles(settles: SettleSuccess[]): MergedSettle[] {
  const byUser = new Map<string, MergedSettle>();
  for (const { userId, now, claim } of settles) {
    const merged = byUser.get(userId) ?? { userId, successes: 0, at: now, clearTemporary: false, clearSystem: false };
    merged.successes++;
    merged.at = Math.max(merged.at, now);
    merged.clearTemporary ||= claim.triggeredTemporaryLock;
    merged.clearSystem ||= claim.triggeredSystemLock;
    byUser.set(userId, merged);
  }
  // A fixed order, so batches never wait on each other's row locks in a cycle.
  return [...byUser.values()].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

/** One statement per user, in the batch's transaction (SQLite, and PostgreSQL's fallback). */
async function writeSettles(tx: SqlClient, settles: MergedSettle[]) {
  for (const s of settles) {
    await tx.execute(
      sql`UPDATE pin_state SET
         local_failures = 0,
         window_start = NULL,
         global_failures = CASE WHEN global_failures > ${s.successes} THEN global_failures - ${s.successes} ELSE 0 END,
         locked_until = CASE WHEN ${s.clearTemporary ? 1 : 0} = 1 THEN NULL ELSE locked_until END,
         system_locked_at = CASE WHEN ${s.clearSystem ? 1 : 0} = 1 THEN NULL ELSE system_locked_at END,
         last_logon_at = CAST(${s.at} AS BIGINT)
       WHERE user_id = ${s.userId}`,
      { prepared: true },
    );
  }
}

/** The same as a CTE of appendChainedIfHead's statement, applied only if the events were. */
function settlesAlongside(settles: MergedSettle[]): AlongsideSql | undefined {
  if (settles.length === 0) return undefined;
  const column = <K extends keyof MergedSettle>(key: K) => settles.map((s) => s[key]);
  return (appended) => sql`UPDATE pin_state p SET
         local_failures = 0,
         window_start = NULL,
         global_failures = GREATEST(p.global_failures - s.successes, 0),
         locked_until = CASE WHEN s.clear_temporary THEN NULL ELSE p.locked_until END,
         system_locked_at = CASE WHEN s.clear_system THEN NULL ELSE p.system_locked_at END,
         last_logon_at = s.at
       FROM unnest(${column('userId')}::text[], ${column('successes')}::int[], ${column('at')}::bigint[], ${column('clearTemporary')}::boolean[], ${column('clearSystem')}::boolean[])
         AS s(user_id, successes, at, clear_temporary, clear_system)
       WHERE p.user_id = s.user_id AND ${appended}`;
}

export function createGroupCommit(executor: SqlExecutor, provider: Provider, pacing?: GroupCommitPacing): GroupCommit {
  let pending: Pending[] = [];
  let scheduled = false;
  let waiting: NodeJS.Timeout | undefined;
  // The chain's head as this writer last wrote it (PostgreSQL): usually still the head.
  let knownHead: string | null = null;

  async function write(events: AuditEventInput[], settles: MergedSettle[]) {
    // Another writer (instance, use case) may append in between: try again from the head it
    // left, a few times, before queueing on the lock.
    for (let attempt = 0; provider === 'postgresql' && knownHead !== null && events.length > 0 && attempt < CAS_ATTEMPTS; attempt++) {
      const result = await appendChainedIfHead(executor, knownHead, events, settlesAlongside(settles));
      knownHead = result.head;
      if (result.appended) return;
    }
    // First use, contention, or settles alone: one transaction for all. The chain head is
    // locked first, as every audited transaction does, then the users' rows.
    const head = await executor.transaction(async (tx) => {
      const appended = await appendChained(tx, events);
      await writeSettles(tx, settles);
      return appended;
    });
    if (head !== null) knownHead = head;
  }

  async function drain() {
    while (pending.length > 0) {
      const batch = pending.slice(0, MAX_BATCH);
      pending = pending.slice(batch.length);
      try {
        await write(
          batch.flatMap((p) => (p.event ? [p.event] : [])),
          mergeSettles(batch.flatMap((p) => (p.settle ? [p.settle] : []))),
        );
        for (const p of batch) p.resolve();
      } catch (error) {
        knownHead = null;
        for (const p of batch) p.reject(error);
      }
    }
    scheduled = false;
  }

  const writeNow = () => {
    clearTimeout(waiting);
    waiting = undefined;
    void drain();
  };

  const enqueue = (item: Omit<Pending, 'resolve' | 'reject'>) =>
    new Promise<void>((resolve, reject) => {
      pending.push({ ...item, resolve, reject });
      if (waiting && pacing && pending.length >= pacing.fullBatch) {
        writeNow();
      } else if (!scheduled) {
        scheduled = true;
        if (pacing?.othersComing()) waiting = setTimeout(writeNow, pacing.maxWaitMs);
        // Otherwise not at once either: what else this turn of the event loop asks for joins the batch.
        else setImmediate(() => void drain());
      }
    });

  return {
    append: (event) => enqueue({ event }),
    settle: (success) => enqueue({ settle: success }),
  };
}

/**
 * The server's pacing: a batch waits (at most 8 ms) only while more verifies are queueing for
 * argon2's threads (libuv's pool: `argon2Threads` run at once) than are running on them —
 * nearly all logons, whose events will follow within a verify or two, and whose answers are
 * already late by more than that queue. Below that nearly nobody waits (bench/README.md).
 */
export function pacingWhileVerifiesQueue(verifiesInFlight: () => number, argon2Threads: number): GroupCommitPacing {
  return { othersComing: () => verifiesInFlight() > 2 * argon2Threads, maxWaitMs: 8, fullBatch: 32 };
}
