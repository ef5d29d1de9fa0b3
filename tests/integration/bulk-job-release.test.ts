/**
 * A stopping runner gives its claimed, uncommitted items back at once (releaseClaimedItems),
 * and only its own: items another runner took over stay with that runner, and a late commit
 * of the stopped runner changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cancelBulkJob, claimJobItems, releaseClaimedItems } from '../../lib/db/bulk-jobs';
import { getBulkJob } from '../../lib/db/bulk-job-views';
import type { SqlExecutor } from '../../lib/db/executor';
import type { DbHandle } from '../../lib/db/client';
import { startBulkJob } from '../../lib/jobs/bulk-service';
import { createPinVault } from '../../lib/jobs/pin-vault';
import { startBulkJobRunner } from '../../lib/jobs/runner';
import { createArgon2Hasher } from '../../lib/pin/hasher';
import { admin, createUser, db, handle, pepper, store } from './helpers';

const hasher = createArgon2Hasher(pepper);
const LEASE_MS = 60_000;
const jobs: string[] = [];

// These jobs are left running on purpose: cancelled after each test, so no later test's runner works on them.
afterEach(async () => {
  for (const jobId of jobs.splice(0)) await cancelBulkJob(handle, jobId, admin, undefined, Date.now());
});

async function setPinJob(count: number) {
  const team = [];
  for (let i = 0; i < count; i++) team.push(await createUser());
  const { jobId } = await startBulkJob(
    handle,
    store,
    { kind: 'set-pin', selection: { kind: 'ids', ids: team.map((u) => u.id) }, options: { unlockLocked: false, policy: null, existingPins: 'replace' } },
    { actor: admin, now: Date.now() },
  );
  jobs.push(jobId);
  return { jobId, team };
}

const itemsOf = (jobId: string) =>
  db.bulkJobItem.findMany({ where: { jobId }, orderBy: { seq: 'asc' }, select: { seq: true, status: true, claimToken: true, leaseUntil: true } });

describe('releaseClaimedItems', () => {
  it('turns only the given runner’s claimed items pending, lease and token cleared', async () => {
    const { jobId } = await setPinJob(6);
    const now = Date.now();
    await claimJobItems(handle, jobId, 'runner-a', 3, now, LEASE_MS);
    await claimJobItems(handle, jobId, 'runner-b', 2, now, LEASE_MS);
    expect(await releaseClaimedItems(handle, 'runner-a')).toBe(3);
    expect(await itemsOf(jobId)).toEqual([
      ...[0, 1, 2].map((seq) => ({ seq, status: 'pending', claimToken: null, leaseUntil: null })),
      ...[3, 4].map((seq) => ({ seq, status: 'claimed', claimToken: 'runner-b', leaseUntil: BigInt(now + LEASE_MS) })),
      { seq: 5, status: 'pending', claimToken: null, leaseUntil: null },
    ]);
    // The released items are taken again at once, without waiting for the lease.
    expect((await claimJobItems(handle, jobId, 'runner-c', 10, now + 1, LEASE_MS)).map((i) => i.seq)).toEqual([0, 1, 2, 5]);
  });

  it('with `only`, releases just those items of the job', async () => {
    const { jobId } = await setPinJob(4);
    await claimJobItems(handle, jobId, 'runner-a', 4, Date.now(), LEASE_MS);
    expect(await releaseClaimedItems(handle, 'runner-a', { jobId, seqs: [1, 3] })).toBe(2);
    expect((await itemsOf(jobId)).map((i) => i.claimToken)).toEqual(['runner-a', null, 'runner-a', null]);
  });

  it('leaves alone items another runner took over after the lease ran out', async () => {
    const { jobId } = await setPinJob(3);
    const start = Date.now();
    await claimJobItems(handle, jobId, 'runner-old', 3, start, 1_000);
    await claimJobItems(handle, jobId, 'runner-new', 3, start + 2_000, LEASE_MS);
    expect(await releaseClaimedItems(handle, 'runner-old')).toBe(0);
    expect((await itemsOf(jobId)).map((i) => i.claimToken)).toEqual(['runner-new', 'runner-new', 'runner-new']);
  });
});

/**
 * `handle` with its executor's transactions recorded once `watch` is on: the runner's late
 * commit is one, and the test awaits it rather than guessing how long it takes.
 */
function transactionsOf(handle: DbHandle) {
  const seen: Promise<unknown>[] = [];
  let watching = false;
  const executor: SqlExecutor = {
    ...handle.executor,
    transaction: (fn) => {
      const transaction = handle.executor.transaction(fn);
      if (watching) seen.push(transaction.catch(() => undefined));
      return transaction;
    },
  };
  return { handle: { ...handle, executor }, watch: () => (watching = true), seen };
}

describe('a runner that stops', () => {
  it('takes no new batch and releases a batch still hashing when the grace is over; its late commit changes nothing', async () => {
    const { jobId, team } = await setPinJob(8);
    let hashing!: () => void;
    const hashed = new Promise<void>((resolve) => (hashing = resolve));
    // Hashing of the first batch holds until the test lets it go: the batch is claimed, not committed.
    const slowHasher = { ...hasher, hash: async (pin: string) => (await hashed, hasher.hash(pin)) };
    const transactions = transactionsOf(handle);
    // One batch of all 8: exactly one late commit to wait for.
    const runner = startBulkJobRunner({
      handle: transactions.handle,
      deps: { store, hasher: slowHasher, clock: { now: () => Date.now() } },
      vault: createPinVault(pepper),
      pollMs: 20,
      batchSize: 8,
      leaseMs: LEASE_MS,
    });
    await expect.poll(async () => (await itemsOf(jobId)).filter((i) => i.status === 'claimed').length, { timeout: 30_000 }).toBe(8);

    await runner.stop({ graceMs: 100 });
    expect((await itemsOf(jobId)).every((i) => i.status === 'pending' && i.claimToken === null && i.leaseUntil === null)).toBe(true);

    // The hashes finish and the commit runs after the release: it finds nothing of its own.
    transactions.watch();
    hashing();
    await expect.poll(() => transactions.seen.length, { timeout: 60_000 }).toBe(1);
    await transactions.seen[0];
    expect(await getBulkJob(db, jobId)).toMatchObject({ status: 'running', done: 0 });
    expect(await db.auditEvent.count({ where: { action: 'pin.set', targetId: { in: team.map((u) => u.id) } } })).toBe(0);
    expect((await itemsOf(jobId)).every((i) => i.status === 'pending')).toBe(true);
  });
});
