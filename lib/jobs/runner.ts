/**
 * The bulk job runner: every app instance runs one (instrumentation.ts), and
 * `npm run jobs:work` runs one on its own. It takes a batch of a running job's items,
 * does the slow part outside any transaction (drawing and argon2-hashing new PINs, on all
 * cores), and commits the batch — users' changes, audit events, item results, progress —
 * in one transaction while the next batch is being hashed. Jobs take turns batch by batch,
 * so several administrators' jobs progress together. See lib/db/bulk-jobs.ts for why no
 * user is processed twice across instances and crashes.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import pLimit from 'p-limit';
import {
  claimJobItems,
  commitJobItems,
  getJobActor,
  listRunningJobIds,
  releaseClaimedItems,
  type ClaimedItem,
  type ItemOutcome,
  type JobActor,
} from '../db/bulk-jobs';
import { eraseExpiredPins, itemKey } from '../db/bulk-job-views';
import type { DbHandle } from '../db/client';
import { pruneExpiredCounters } from '../db/window-counter-sweep';
import { pruneActivityCounts } from '../db/activity-counts';
import { backfillActivityCounts } from '../db/activity-backfill';
import { findUsersWithState } from '../db/pin-store';
import { isDatabaseUnavailable } from '../db/unavailable';
import type { PinDeps } from '../pin/deps';
import { isPinError } from '../pin/errors';
import { resolveEffectivePolicy } from '../pin/policy';
import type { PinStoreTx } from '../pin/store';
import { applyBulkChange, bulkKinds, prepareBulkPin, type BulkKind, type BulkOptions } from '../pin/use-cases/bulk';
import type { PinVault } from './pin-vault';

export type RunnerOptions = {
  handle: DbHandle;
  deps: PinDeps;
  vault: PinVault;
  /** Hashes in flight at once (default: the number of cores). */
  concurrency?: number;
  /** Items per claim and per commit of a Set PIN job. */
  batchSize?: number;
  /** How long a claim holds before another runner may take the items over. */
  leaseMs?: number;
  /** How often an idle runner looks for work (a job created in this process wakes it at once). */
  pollMs?: number;
  log?: (message: string) => void;
};

export type BulkJobRunner = {
  wake(): void;
  /**
   * Takes no new batch from now on; waits up to `graceMs` (default: no limit) for the batches
   * already claimed to commit, then gives back whatever it still holds uncommitted
   * (releaseClaimedItems), so another runner takes those items at once instead of after the
   * lease. Resolves when that is done.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
};

type PreparedItem = { seq: number; userId: string; apply: (tx: PinStoreTx) => Promise<ItemOutcome> };

const SWEEP_EVERY_MS = 60_000;

export function startBulkJobRunner(options: RunnerOptions): BulkJobRunner {
  const { handle, deps, vault } = options;
  const concurrency = options.concurrency ?? os.availableParallelism();
  const batchSize = options.batchSize ?? Math.max(16, concurrency * 8);
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 1000;
  const log = options.log ?? ((message: string) => console.error(`[bulk jobs] ${message}`));
  const limit = pLimit(concurrency);
  const token = randomUUID();

  let stopped = false;
  let wakeUp: (() => void) | null = null;
  // Batches overlap: the next one is claimed and hashed (argon2 calls queue in `limit`, so
  // no core idles at a batch's end) while the previous one commits; commits go in order.
  let commits: Promise<void> = Promise.resolve();
  let pendingCommits = 0;
  const preparing: Promise<unknown>[] = [];
  let lastSweep = 0;
  let turn = 0;
  let emptyClaims = 0;
  const actors = new Map<string, JobActor & { kind: BulkKind; options: BulkOptions }>();

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (stopped) return resolve();
      const timer = setTimeout(resolve, pollMs);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      wakeUp = null;
    });

  async function jobMeta(jobId: string) {
    let meta = actors.get(jobId);
    if (!meta) {
      const found = await getJobActor(handle.db, jobId);
      if (!found || !(bulkKinds as readonly string[]).includes(found.kind)) return null;
      const { unlockLocked, policy, existingPins } = found.options as Partial<BulkOptions>;
      // A job stored without the choice was queued before it existed, when Set PIN always
      // replaced: it keeps that meaning. (New requests default to keep, lib/jobs/bulk-request.ts,
      // and always store the choice, so this fallback never applies to them.)
      const options: BulkOptions = { unlockLocked: unlockLocked === true, policy: policy ?? null, existingPins: existingPins === 'keep' ? 'keep' : 'replace' };
      meta = { ...found, kind: found.kind as BulkKind, options };
      actors.set(jobId, meta);
    }
    return meta;
  }

  /** The slow part of a batch: load the users, and for Set PIN draw and hash their PINs. */
  async function prepare(jobId: string, items: ClaimedItem[]): Promise<PreparedItem[]> {
    const meta = await jobMeta(jobId);
    if (!meta) return items.map((item) => failed(item, 'The job is of an unknown kind.'));
    const subjects = await findUsersWithState(
      handle.executor,
      items.map((i) => i.userId),
    );
    const policies = meta.kind === 'set-pin' ? new Map((await deps.store.listPolicies()).map((p) => [p.identity, p])) : null;
    return Promise.all(
      items.map(async (item): Promise<PreparedItem> => {
        const subject = subjects.get(item.userId);
        if (!subject) return failed(item, 'User not found: the user was removed from the directory after the job started.');
        const change = { kind: meta.kind, options: meta.options, user: subject.user, actor: meta.actor, context: meta.context, jobId };
        if (meta.kind !== 'set-pin') {
          return { seq: item.seq, userId: item.userId, apply: async (tx) => outcomeOf(await applyBulkChange(tx, { ...change, now: deps.clock.now() })) };
        }
        try {
          const policy = resolveEffectivePolicy(subject.user, policies!).policy;
          const prepared = await limit(async () => {
            const history = policy.pinHistoryCount > 0 ? await deps.store.getPinHistory(subject.user.id, policy.pinHistoryCount) : [];
            return prepareBulkPin(deps, subject.user, policy, history);
          });
          return {
            seq: item.seq,
            userId: item.userId,
            apply: async (tx) => {
              const skip = await applyBulkChange(tx, { ...change, prepared, now: deps.clock.now() });
              return skip ? outcomeOf(skip) : { status: 'done', pinCiphertext: vault.seal(prepared.pin, itemKey(jobId, item.seq)) };
            },
          };
        } catch (error) {
          // An outage is no verdict on this user: the batch stays claimed and is tried again.
          if (isDatabaseUnavailable(error)) throw error;
          return failed(item, reasonOf(error));
        }
      }),
    );
  }

  /** Commits a batch; if one user's change fails, the others still commit, one by one. */
  async function commit(jobId: string, items: PreparedItem[]): Promise<void> {
    const now = deps.clock.now();
    try {
      await commitJobItems(handle, { jobId, token, now, items });
      return;
    } catch (error) {
      // Committing them one by one would fail alike, or record as failed users the database
      // could not even be asked about: the batch is left to be tried again after its lease.
      if (isDatabaseUnavailable(error)) throw error;
      if (items.length === 1) {
        await commitJobItems(handle, { jobId, token, now, items: [failed(items[0], reasonOf(error))] }).catch((e) =>
          log(`could not record a failure: ${nameOf(e)}`),
        );
        return;
      }
    }
    for (const item of items) await commit(jobId, [item]);
  }

  async function loop() {
    while (!stopped) {
      try {
        if (Date.now() - lastSweep > SWEEP_EVERY_MS) {
          lastSweep = Date.now();
          await eraseExpiredPins(handle.db, deps.clock.now());
          // Rate counters of windows long over: every instance sweeps, the deletes are small and idempotent.
          await pruneExpiredCounters(handle, deps.clock.now());
          // The Overview's counts: past the charts' range, and those of events from before the counts existed.
          await pruneActivityCounts(handle, deps.clock.now());
          await backfillActivityCounts(handle, deps.clock.now());
        }
        const jobIds = await listRunningJobIds(handle.db);
        for (const id of actors.keys()) if (!jobIds.includes(id)) actors.delete(id);
        if (jobIds.length === 0) {
          await commits;
          await sleep();
          continue;
        }
        const jobId = jobIds[turn++ % jobIds.length];
        const meta = await jobMeta(jobId);
        const size = meta?.kind === 'set-pin' ? batchSize : batchSize * 8;
        if (stopped) break;
        const items = await claimJobItems(handle, jobId, token, size, deps.clock.now(), leaseMs);
        if (stopped) {
          // Stopped while the claim was on its way: these go straight back, unhashed (stop() may
          // already have released the rest).
          await releaseClaimedItems(handle, token, { jobId, seqs: items.map((i) => i.seq) });
          break;
        }
        if (items.length === 0) {
          // Claimed by others, or its last batches are committing: let them finish before looking again.
          await Promise.all(preparing.splice(0));
          await commits;
          // Every running job came up empty in a row: wait instead of asking again at once.
          if (++emptyClaims >= jobIds.length) {
            emptyClaims = 0;
            await sleep();
          }
          continue;
        }
        emptyClaims = 0;
        const prepared = prepare(jobId, items);
        const previous = commits;
        pendingCommits++;
        commits = prepared
          .then(async (batch) => {
            await previous;
            await commit(jobId, batch);
          })
          .catch((error) => log(`commit failed, the items will be retried after their lease: ${nameOf(error)}`))
          .finally(() => pendingCommits--);
        // At most two batches being hashed, and two waiting to commit.
        preparing.push(prepared.catch(() => undefined));
        if (preparing.length >= 2) await preparing.shift();
        if (pendingCommits > 2) await previous;
      } catch (error) {
        log(`runner error: ${nameOf(error)}`);
        await sleep();
      }
    }
    await Promise.all(preparing.splice(0));
    await commits;
  }

  const running = loop();
  let stopping: Promise<void> | null = null;
  return {
    wake: () => wakeUp?.(),
    stop(options = {}) {
      stopping ??= (async () => {
        stopped = true;
        wakeUp?.();
        const { graceMs } = options;
        let timer: NodeJS.Timeout | undefined;
        const graceOver = new Promise<void>((resolve) => {
          if (graceMs !== undefined) timer = setTimeout(resolve, graceMs);
        });
        await Promise.race([running, graceOver]);
        clearTimeout(timer);
        const released = await releaseClaimedItems(handle, token);
        if (released > 0) log(`stopped: ${released} claimed item(s) not committed were released for another runner`);
      })();
      return stopping;
    },
  };
}

function failed(item: { seq: number; userId: string }, reason: string): PreparedItem {
  return { seq: item.seq, userId: item.userId, apply: async () => ({ status: 'failed', reason }) };
}

function outcomeOf(skip: { reason: string } | null): ItemOutcome {
  return skip ? { status: 'skipped', reason: skip.reason } : { status: 'done' };
}

/** A failure reason fit for the results table: a domain message, never a raw database error. */
function reasonOf(error: unknown): string {
  return isPinError(error) ? error.message : 'The change failed on the server; run the job again for this user.';
}

function nameOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.split('\n')[0].slice(0, 200)}` : 'error';
}
