/**
 * SIGTERM mid-job strands nothing (issue 19, item 3): a Set PIN job runs in a real server
 * process (and in a real `npm run jobs:work`); SIGTERM to the process a supervisor signals
 * ends it within a bound, no item is left claimed, and a second runner finishes the job well
 * within half the lease (120 s here) a claimed item would have waited out, every user once, every PIN right.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../lib/config/project-root';
import { cancelBulkJob } from '../../lib/db/bulk-jobs';
import { getBulkJob, itemKey } from '../../lib/db/bulk-job-views';
import { startBulkJob } from '../../lib/jobs/bulk-service';
import { createPinVault } from '../../lib/jobs/pin-vault';
import { createArgon2Hasher } from '../../lib/pin/hasher';
import { freePort, startProductionServer } from '../../scripts/production-server';
import { admin, createUser, db, handle, pepper, store } from './helpers';
import { BUILD_TIMEOUT_MS, ensureProductionBuild } from './production-build';
import { captureOutput, isRunning, processTree, startedProcesses, waitUntil } from './process-tree';

const USERS = 200;
const LEASE_SECONDS = 120;
// Measured: the runner stops and the process exits about 1 s after SIGTERM; the second runner
// finishes the rest in a few seconds. Both bounds leave room for a busy machine and stay
// well below the lease that a stranded claim would make the second runner wait out.
const EXITS_WITHIN_MS = 30_000;
const SECOND_RUNNER_WITHIN_MS = (LEASE_SECONDS * 1000) / 2;

const hasher = createArgon2Hasher(pepper);
const vault = createPinVault(pepper);
const root = projectRoot();
const leaseEnv = { BULK_JOB_LEASE_SECONDS: String(LEASE_SECONDS) };

const seen = startedProcesses();
const jobs: string[] = [];
// A failed run must not leave a server, or a running job for later tests' runners.
afterEach(async () => {
  seen.killLeftovers();
  for (const jobId of jobs.splice(0)) await cancelBulkJob(handle, jobId, admin, undefined, Date.now());
});

beforeAll(() => ensureProductionBuild(), BUILD_TIMEOUT_MS);

type Runner = { signalled: number; output(): string; exited: Promise<number | null> };

/** The job's first runner, in the process a supervisor would signal. */
const firstRunners: Record<string, () => Promise<Runner>> = {
  async 'a server (server.ts)'() {
    const server = await startProductionServer(await freePort(), leaseEnv);
    seen.add(server.pid);
    return { signalled: server.pid, output: server.output, exited: server.exited.then((e) => e.code) };
  },
  async 'npm run jobs:work'() {
    const npm = spawn('npm', ['run', 'jobs:work'], { cwd: root, env: { ...process.env, ...leaseEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    seen.add(npm.pid!);
    const output = captureOutput(npm);
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
    await waitUntil('the runner to start', () => output().includes('Bulk job runner started'), 60_000);
    for (const pid of processTree(npm.pid!)) seen.add(pid);
    return { signalled: npm.pid!, output, exited };
  },
};

function spawnWorker(): ChildProcess {
  const worker = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'job-worker.ts')], {
    cwd: root,
    env: { ...process.env, ...leaseEnv },
    stdio: 'ignore',
  });
  seen.add(worker.pid!);
  return worker;
}

describe.each(Object.keys(firstRunners))('SIGTERM to %s mid-job', (name) => {
  it('exits within the bound leaving nothing claimed; a second runner finishes long before the lease, every user once', async () => {
    const team = [];
    for (let i = 0; i < USERS; i++) team.push(await createUser());
    // Everyone starts with one known PIN hash (200 real hashes would only slow the test).
    const oldHash = await hasher.hash('40719');
    await db.pinState.createMany({ data: team.map((u) => ({ userId: u.id, pinHash: oldHash, pinLength: 5, pinSetAt: BigInt(Date.now()) })) });
    const { jobId } = await startBulkJob(
      handle,
      store,
      { kind: 'set-pin', selection: { kind: 'ids', ids: team.map((u) => u.id) }, options: { unlockLocked: false, policy: null, existingPins: 'replace' } },
      { actor: admin, now: Date.now() },
    );
    jobs.push(jobId);

    const first = await firstRunners[name]();
    await waitUntil('the first runner to get going', async () => (await getBulkJob(db, jobId))!.done >= 20, 120_000);
    const tree = processTree(first.signalled);
    process.kill(first.signalled, 'SIGTERM');
    const exitTook = await waitUntil('the signalled process and its children to exit', () => tree.every((pid) => !isRunning(pid)), EXITS_WITHIN_MS);
    console.log(`${name}: every process gone ${(exitTook / 1000).toFixed(1)} s after SIGTERM`);
    expect(await first.exited).toBe(0);

    // Stopped mid-job (else this test proves nothing), with no item left claimed.
    const atStop = (await getBulkJob(db, jobId))!;
    expect(atStop.status).toBe('running');
    expect(atStop.done).toBeLessThan(USERS);
    expect(await db.bulkJobItem.count({ where: { jobId, OR: [{ status: 'claimed' }, { claimToken: { not: null } }, { leaseUntil: { not: null } }] } })).toBe(0);
    expect(first.output()).toMatch(/Stopped cleanly\./);

    const second = spawnWorker();
    try {
      const took = await waitUntil(
        'the second runner to finish the job',
        async () => (await getBulkJob(db, jobId))!.status !== 'running',
        SECOND_RUNNER_WITHIN_MS,
      );
      console.log(`${name}: stopped at ${atStop.done} of ${USERS} done; the second runner finished the rest in ${(took / 1000).toFixed(1)} s`);
    } finally {
      second.kill('SIGTERM');
    }
    expect(await getBulkJob(db, jobId)).toMatchObject({ status: 'completed', done: USERS, failed: 0 });

    // Every user once: one pin.set event each, and the PIN in the results is the one stored.
    const events = await db.auditEvent.findMany({ where: { action: 'pin.set', targetId: { in: team.map((u) => u.id) } }, select: { targetId: true } });
    expect(events).toHaveLength(USERS);
    expect(new Set(events.map((e) => e.targetId)).size).toBe(USERS);
    const states = new Map(
      (await db.pinState.findMany({ where: { userId: { in: team.map((u) => u.id) } }, select: { userId: true, pinHash: true } })).map((s) => [
        s.userId,
        s.pinHash,
      ]),
    );
    const items = await db.bulkJobItem.findMany({ where: { jobId }, select: { seq: true, userId: true, status: true, pinCiphertext: true } });
    for (const item of items) {
      expect(item.status).toBe('done');
      const pin = vault.open(item.pinCiphertext!, itemKey(jobId, item.seq))!;
      expect(await hasher.verify(states.get(item.userId)!, pin)).toBe(true);
    }
  }, 300_000);
});
