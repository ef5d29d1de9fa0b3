/**
 * Set PIN for many users with "Only users without a PIN" (existingPins: 'keep') on the real
 * engine: users who have a PIN when the job is queued are skipped at once, and a PIN set
 * after the WhatIf — here while the runner is hashing the batch, i.e. after the claim and
 * before the commit — is re-checked inside the commit's transaction and kept, never replaced.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getBulkJob, readJobPins } from '../../lib/db/bulk-job-views';
import { bulkRequestSchema } from '../../lib/jobs/bulk-request';
import { startBulkJob } from '../../lib/jobs/bulk-service';
import { createPinVault } from '../../lib/jobs/pin-vault';
import { startBulkJobRunner, type BulkJobRunner } from '../../lib/jobs/runner';
import { createArgon2Hasher } from '../../lib/pin/hasher';
import { setPin, verifyPinLogon } from '../../lib/pin';
import { admin, createUser, db, handle, pepper, store } from './helpers';

const hasher = createArgon2Hasher(pepper);
const clock = { now: () => Date.now() };
const deps = { store, hasher, clock };
const vault = createPinVault(pepper);
const bridge = { type: 'bridge' as const, id: 'b-keep', name: 'keep test bridge' };
const runners: BulkJobRunner[] = [];

afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});

async function finished(jobId: string) {
  const until = Date.now() + 120_000;
  for (;;) {
    const job = await getBulkJob(db, jobId);
    if (job && job.status !== 'running') return job;
    if (Date.now() > until) throw new Error('Timed out waiting for the job to finish');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('bulk Set PIN, "Only users without a PIN"', () => {
  it('skips users with a PIN, and keeps a PIN set after the WhatIf (re-checked at commit), with the reasons in the results and CSV', async () => {
    const [fresh, hadPin, disabled, lateSetter, other] = [await createUser(), await createUser(), await createUser(), await createUser(), await createUser()];
    await setPin(deps, { user: { userId: hadPin.id }, pin: '730914', actor: admin });
    await db.directoryUser.update({ where: { id: disabled.id }, data: { enabled: false } });
    const request = bulkRequestSchema.parse({
      kind: 'set-pin',
      selection: { kind: 'ids', ids: [fresh, hadPin, disabled, lateSetter, other].map((u) => u.id) },
      options: { existingPins: 'keep' },
    });
    const { jobId, plan } = await startBulkJob(handle, store, request, { actor: admin, now: Date.now() });
    expect(plan).toMatchObject({ total: 5, changed: 3, replaced: 0, skipped: { 'has-pin': 1, disabled: 1, locked: 0 } });

    // Someone sets lateSetter's PIN while the runner hashes the batch: after the WhatIf and
    // after the claim, before the batch's transaction.
    let setMeanwhile: Promise<unknown> | null = null;
    const racingHasher = {
      ...hasher,
      hash: async (pin: string) => {
        setMeanwhile ??= setPin(deps, { user: { userId: lateSetter.id }, pin: '584062', actor: admin });
        await setMeanwhile;
        return hasher.hash(pin);
      },
    };
    runners.push(startBulkJobRunner({ handle, deps: { ...deps, hasher: racingHasher }, vault, pollMs: 50 }));
    const job = await finished(jobId);
    expect(job).toMatchObject({ status: 'completed', total: 5, done: 2, skipped: 3, failed: 0 });

    const items = await db.bulkJobItem.findMany({ where: { jobId }, orderBy: { seq: 'asc' }, select: { userId: true, status: true, reason: true } });
    expect(items).toEqual([
      { userId: fresh.id, status: 'done', reason: null },
      { userId: hadPin.id, status: 'skipped', reason: 'Already has a PIN.' },
      { userId: disabled.id, status: 'skipped', reason: 'The account is disabled.' },
      { userId: lateSetter.id, status: 'skipped', reason: 'Already has a PIN.' },
      { userId: other.id, status: 'done', reason: null },
    ]);
    // Both kept PINs still log on; the job wrote no PIN for them.
    expect(await verifyPinLogon(deps, { identity: hadPin.extension, pin: '730914', actor: bridge })).toMatchObject({ result: 'accepted' });
    expect(await verifyPinLogon(deps, { identity: lateSetter.extension, pin: '584062', actor: bridge })).toMatchObject({ result: 'accepted' });
    const jobPinSets = (await db.auditEvent.findMany({ where: { action: 'pin.set' }, select: { targetId: true, details: true } })).filter(
      (e) => JSON.parse(e.details).jobId === jobId,
    );
    expect(jobPinSets.map((e) => e.targetId).sort()).toEqual([fresh.id, other.id].sort());

    // The CSV's rows: every user of the job, PINs for the changed ones, the reason for the others.
    const rows = (await readJobPins(db, jobId, vault.open, Date.now()))!;
    expect(rows.map((r) => [r.identity, r.status, r.pin === null ? null : 'pin', r.reason])).toEqual([
      [fresh.sipAddress.slice(4), 'done', 'pin', null],
      [hadPin.sipAddress.slice(4), 'skipped', null, 'Already has a PIN.'],
      [disabled.sipAddress.slice(4), 'skipped', null, 'The account is disabled.'],
      [lateSetter.sipAddress.slice(4), 'skipped', null, 'Already has a PIN.'],
      [other.sipAddress.slice(4), 'done', 'pin', null],
    ]);
  });

  it('a request without the choice keeps existing PINs: replacing them has to be asked for', async () => {
    const [withPin, without] = [await createUser(), await createUser()];
    await setPin(deps, { user: { userId: withPin.id }, pin: '730914', actor: admin });
    const request = bulkRequestSchema.parse({ kind: 'set-pin', selection: { kind: 'ids', ids: [withPin.id, without.id] } });
    expect(request.options.existingPins).toBe('keep');
    const { jobId, plan } = await startBulkJob(handle, store, request, { actor: admin, now: Date.now() });
    expect(plan).toMatchObject({ total: 2, changed: 1, replaced: 0, skipped: { 'has-pin': 1 } });
    runners.push(startBulkJobRunner({ handle, deps, vault, pollMs: 50 }));
    expect(await finished(jobId)).toMatchObject({ done: 1, skipped: 1 });
    expect(await verifyPinLogon(deps, { identity: withPin.extension, pin: '730914', actor: bridge })).toMatchObject({ result: 'accepted' });
  });

  it('a job stored without the choice (queued before it existed) replaces existing PINs, as it did then', async () => {
    const [withPin, without] = [await createUser(), await createUser()];
    await setPin(deps, { user: { userId: withPin.id }, pin: '730914', actor: admin });
    const request = bulkRequestSchema.parse({
      kind: 'set-pin',
      selection: { kind: 'ids', ids: [withPin.id, without.id] },
      options: { existingPins: 'replace' },
    });
    const { jobId } = await startBulkJob(handle, store, request, { actor: admin, now: Date.now() });
    // The stored options as an older version wrote them: no existingPins.
    const job = await db.bulkJob.findUniqueOrThrow({ where: { id: jobId }, select: { options: true } });
    const { existingPins, ...older } = JSON.parse(job.options) as Record<string, unknown>;
    expect(existingPins).toBe('replace');
    await db.bulkJob.update({ where: { id: jobId }, data: { options: JSON.stringify(older) } });
    runners.push(startBulkJobRunner({ handle, deps, vault, pollMs: 50 }));
    expect(await finished(jobId)).toMatchObject({ done: 2, skipped: 0 });
    expect(await verifyPinLogon(deps, { identity: withPin.extension, pin: '730914', actor: bridge })).toMatchObject({ result: 'rejected' });
  });
});
