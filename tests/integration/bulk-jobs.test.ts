/**
 * Bulk jobs on the real engine: a Set PIN job end to end, two runners on one job (no user
 * twice), cancel, and the crash test — a runner process killed mid-job, then restarted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from '../../lib/db/client';
import { cancelBulkJob } from '../../lib/db/bulk-jobs';
import { getBulkJob, itemKey, readJobPins, revealJobPins } from '../../lib/db/bulk-job-views';
import { createPinStore } from '../../lib/db/pin-store';
import type { BulkRequest } from '../../lib/jobs/bulk-request';
import { startBulkJob } from '../../lib/jobs/bulk-service';
import { createPinVault } from '../../lib/jobs/pin-vault';
import { startBulkJobRunner, type BulkJobRunner } from '../../lib/jobs/runner';
import { createArgon2Hasher } from '../../lib/pin/hasher';
import { lockPin, verifyPinLogon } from '../../lib/pin';
import { admin, createUser, db, handle, pepper, store } from './helpers';

const hasher = createArgon2Hasher(pepper);
const clock = { now: () => Date.now() };
const deps = { store, hasher, clock };
const vault = createPinVault(pepper);
const bridge = { type: 'bridge' as const, id: 'b-bulk', name: 'bulk test bridge' };
const runners: BulkJobRunner[] = [];

// Each test's runners stop with it, so the next test's counts are its own.
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});

async function users(count: number) {
  const made = [];
  for (let i = 0; i < count; i++) made.push(await createUser());
  return made;
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const finished = (jobId: string) =>
  waitFor('the job to finish', async () => {
    const job = await getBulkJob(db, jobId);
    return job && job.status !== 'running' ? job : null;
  });

async function pinSetEvents(jobId: string) {
  const events = await db.auditEvent.findMany({ where: { action: 'pin.set' }, select: { targetId: true, details: true } });
  return events.filter((e) => JSON.parse(e.details).jobId === jobId).map((e) => e.targetId);
}

const start = (
  userIds: string[],
  kind: 'set-pin' | 'lock' = 'set-pin',
  options: BulkRequest['options'] = { unlockLocked: false, policy: null, existingPins: 'replace' },
) => startBulkJob(handle, store, { kind, selection: { kind: 'ids', ids: userIds }, options }, { actor: admin, now: Date.now() });

describe('bulk jobs', () => {
  it('Set PIN for many users: WhatIf skips the locked one, every PIN is stored, audited once, and logs on', async () => {
    const team = await users(12);
    await lockPin(deps, { user: { userId: team[0].id }, actor: admin });
    const { jobId, plan } = await start(team.map((u) => u.id));
    expect(plan).toMatchObject({ total: 12, changed: 11, skipped: { locked: 1 } });

    runners.push(startBulkJobRunner({ handle, deps, vault, pollMs: 50 }));
    const job = await finished(jobId);
    expect(job).toMatchObject({ status: 'completed', total: 12, done: 11, skipped: 1, failed: 0, pinsAvailable: true });

    const pins = await revealJobPins(handle, job.id, 1, vault.open, { actor: admin, context: { sourceAddress: '192.0.2.7' }, now: Date.now() });
    expect(pins).toHaveLength(11);
    const sample = team.find((u) => u.sipAddress === `sip:${pins[3].identity}`)!;
    expect(await verifyPinLogon(deps, { identity: sample.extension, pin: pins[3].pin, actor: bridge })).toMatchObject({ result: 'accepted' });

    const events = await pinSetEvents(jobId);
    expect(events.sort()).toEqual(
      team
        .slice(1)
        .map((u) => u.id)
        .sort(),
    );
    const jobEvents = await db.auditEvent.findMany({ where: { targetId: jobId }, orderBy: { id: 'asc' }, select: { action: true } });
    expect(jobEvents.map((e) => e.action)).toEqual(['bulk_job.started', 'bulk_job.completed', 'bulk_job.pins_revealed']);
    // Show PIN is audited like the download: who, which job, which page, how many PINs.
    const revealed = await db.auditEvent.findFirstOrThrow({ where: { targetId: jobId, action: 'bulk_job.pins_revealed' } });
    expect(revealed).toMatchObject({ actorId: admin.id, targetType: 'bulk_job', sourceAddress: '192.0.2.7', outcome: 'success' });
    expect(JSON.parse(revealed.details)).toEqual({ page: 1, pins: 11 });
    // A page past the end reveals nothing, and that is recorded too.
    expect(await revealJobPins(handle, job.id, 2, vault.open, { actor: admin, now: Date.now() })).toEqual([]);
    expect(
      JSON.parse((await db.auditEvent.findFirstOrThrow({ where: { targetId: jobId, action: 'bulk_job.pins_revealed' }, orderBy: { id: 'desc' } })).details),
    ).toEqual({ page: 2, pins: 0 });
    // No PIN in the audit trail or in the item rows.
    const trail = JSON.stringify(await db.auditEvent.findMany({ where: { OR: [{ targetId: jobId }, { targetId: { in: team.map((u) => u.id) } }] } }));
    for (const { pin } of pins) expect(trail).not.toContain(`"${pin}"`);

    // Reading the PINs for the CSV erases nothing: the download can be repeated (the erase is
    // tested in bulk-job-pins-erase.test.ts).
    expect((await readJobPins(db, jobId, vault.open, Date.now()))!.filter((r) => r.pin !== null)).toHaveLength(11);
    expect((await readJobPins(db, jobId, vault.open, Date.now()))!.filter((r) => r.pin !== null)).toHaveLength(11);
    expect(await db.bulkJobItem.count({ where: { jobId, pinCiphertext: { not: null } } })).toBe(11);
    expect(await getBulkJob(db, jobId)).toMatchObject({ pinsAvailable: true, pinsErasedWhy: null });
  });

  it('two runners with separate connections share one job without processing any user twice', async () => {
    const team = await users(40);
    const { jobId } = await start(team.map((u) => u.id));
    const other = createDb();
    const hashes = [0, 0];
    const countingHasher = (n: number) => ({ ...hasher, hash: (pin: string) => (hashes[n]++, hasher.hash(pin)) });
    runners.push(startBulkJobRunner({ handle, deps: { ...deps, hasher: countingHasher(0) }, vault, pollMs: 20, batchSize: 4 }));
    runners.push(
      startBulkJobRunner({ handle: other, deps: { store: createPinStore(other), hasher: countingHasher(1), clock }, vault, pollMs: 20, batchSize: 4 }),
    );
    const job = await finished(jobId);
    expect(job).toMatchObject({ status: 'completed', done: 40, failed: 0 });
    const events = await pinSetEvents(jobId);
    expect(events).toHaveLength(40);
    expect(new Set(events).size).toBe(40);
    expect(await db.pinHistory.count({ where: { userId: { in: team.map((u) => u.id) } } })).toBe(40);
    // Both took part, and no PIN was drawn twice.
    expect(hashes[0]).toBeGreaterThan(0);
    expect(hashes[1]).toBeGreaterThan(0);
    expect(hashes[0] + hashes[1]).toBe(40);
  });

  it("several administrators' jobs progress together: the runner takes them in turns, batch by batch", async () => {
    const [slow, quick] = [await users(40), await users(8)];
    const other = { type: 'user' as const, id: 'integration-admin-2', name: 'Second Admin' };
    // The older job is the slow one (argon2 per user); taken oldest-first, the other would wait for it.
    const b = await startBulkJob(
      handle,
      store,
      { kind: 'set-pin', selection: { kind: 'ids', ids: slow.map((u) => u.id) }, options: { unlockLocked: false, policy: null, existingPins: 'replace' } },
      { actor: other, now: Date.now() },
    );
    const a = await start(
      quick.map((u) => u.id),
      'lock',
    );
    runners.push(startBulkJobRunner({ handle, deps, vault, pollMs: 20, batchSize: 4 }));
    expect(await finished(a.jobId)).toMatchObject({ status: 'completed', done: 8, createdById: admin.id });
    expect((await getBulkJob(db, b.jobId))!.status).toBe('running');
    expect(await finished(b.jobId)).toMatchObject({ status: 'completed', done: 40, createdById: other.id });
    // Each user's change is audited with the job's creator as the actor.
    const actors = await db.auditEvent.findMany({ where: { action: 'pin.set', targetId: { in: slow.map((u) => u.id) } }, select: { actorId: true } });
    expect(new Set(actors.map((e) => e.actorId))).toEqual(new Set([other.id]));
  });

  it('cancel stops the job at once: nothing pending is changed afterwards, and it is audited', async () => {
    const team = await users(30);
    const { jobId } = await start(
      team.map((u) => u.id),
      'lock',
    );
    expect(await cancelBulkJob(handle, jobId, admin, undefined, Date.now())).toBe(true);
    expect(await cancelBulkJob(handle, jobId, admin, undefined, Date.now())).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    const job = await getBulkJob(db, jobId);
    expect(job).toMatchObject({ status: 'cancelled', done: 0, cancelled: 30 });
    expect(await db.pinState.count({ where: { userId: { in: team.map((u) => u.id) }, adminLockedAt: { not: null } } })).toBe(0);
    expect(await db.auditEvent.count({ where: { targetId: jobId, action: 'bulk_job.cancelled' } })).toBe(1);
  });
});

describe('crash safety', () => {
  const worker = path.join(process.cwd(), 'scripts', 'job-worker.ts');
  // node itself with tsx as a loader (not the tsx wrapper), so SIGKILL hits the runner's process.
  const spawnWorker = (): ChildProcess =>
    spawn(process.execPath, ['--import', 'tsx', worker], { env: { ...process.env, BULK_JOB_LEASE_SECONDS: '2' }, stdio: 'ignore' });

  it('a runner killed mid-job leaves every user with the old or the new PIN; a restart finishes without generating twice', async () => {
    const team = await users(400);
    // Everyone starts with the same known PIN hash (400 real hashes would only slow the test).
    const oldHash = await hasher.hash('40719');
    await db.pinState.createMany({ data: team.map((u) => ({ userId: u.id, pinHash: oldHash, pinLength: 5, pinSetAt: BigInt(Date.now()) })) });
    const oldHashes = new Map(team.map((u) => [u.id, oldHash]));
    const { jobId } = await start(team.map((u) => u.id));

    const first = spawnWorker();
    const exited = new Promise((resolve) => first.once('exit', resolve));
    try {
      await waitFor('the first runner to get going', async () => ((await getBulkJob(db, jobId))!.done >= 10 ? true : null));
    } finally {
      // Also when the wait fails: a runner left behind would work on the next files' jobs.
      first.kill('SIGKILL');
    }
    await exited;

    const atCrash = await db.bulkJobItem.findMany({
      where: { jobId },
      orderBy: { seq: 'asc' },
      select: { seq: true, userId: true, status: true, pinCiphertext: true },
    });
    const doneAtCrash = atCrash.filter((i) => i.status === 'done');
    expect(doneAtCrash.length).toBeGreaterThanOrEqual(10);
    expect(doneAtCrash.length).toBeLessThan(400);
    const states = new Map(
      (await db.pinState.findMany({ where: { userId: { in: team.map((u) => u.id) } }, select: { userId: true, pinHash: true } })).map((s) => [
        s.userId,
        s.pinHash,
      ]),
    );
    for (const item of atCrash) {
      if (item.status === 'done') {
        const pin = vault.open(item.pinCiphertext!, itemKey(jobId, item.seq))!;
        expect(await hasher.verify(states.get(item.userId)!, pin)).toBe(true);
      } else {
        expect(states.get(item.userId)).toBe(oldHashes.get(item.userId));
      }
    }

    const second = spawnWorker();
    try {
      const job = await finished(jobId);
      expect(job).toMatchObject({ status: 'completed', done: 400, failed: 0 });
    } finally {
      second.kill('SIGTERM');
    }
    const events = await pinSetEvents(jobId);
    expect(events).toHaveLength(400);
    expect(new Set(events).size).toBe(400);
    // The PINs of users done before the crash are still in the results, unchanged, and still log on.
    const after = new Map(
      (await db.bulkJobItem.findMany({ where: { jobId }, select: { seq: true, pinCiphertext: true } })).map((i) => [i.seq, i.pinCiphertext]),
    );
    for (const item of doneAtCrash) expect(after.get(item.seq)).toBe(item.pinCiphertext);
    const early = doneAtCrash[0];
    const earlyUser = team.find((u) => u.id === early.userId)!;
    const pin = vault.open(early.pinCiphertext!, itemKey(jobId, early.seq))!;
    expect(await verifyPinLogon(deps, { identity: earlyUser.extension, pin, actor: bridge })).toMatchObject({ result: 'accepted' });
    // Two runner processes start (tsx loads for seconds each) and 400 PINs are hashed on a shared machine.
  }, 240_000);
});
