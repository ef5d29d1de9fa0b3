/**
 * DOMAIN.md §5: "no burst of parallel requests gets more guesses than the limit", across
 * processes. Two OS processes each send 100 wrong PINs at the same instant for one user with
 * local limit 10, then the correct PIN.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { getPinInfo, grantPinPolicy, newPinPolicy, setPin, verifyPinLogon } from '../../lib/pin';
import { admin, countingHasher, createUser, db, handle, manualClock, store, target } from './helpers';
import { sql } from '../../lib/db/sql';

const run = promisify(execFile);
const worker = path.join(import.meta.dirname, 'logon-burst-worker.ts');
const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');

describe('logon counting under a two-process burst', () => {
  it('200 simultaneous wrong PINs against local limit 10: at most 10 hash checks, locked, counts exact', async () => {
    const deps = { store, hasher: countingHasher(), clock: { now: () => Date.now() } };
    const user = await createUser();
    const policy = `Burst${Date.now()}`;
    await newPinPolicy(deps, { identity: policy, settings: { minPasswordLength: 4 }, actor: admin });
    await grantPinPolicy(deps, { users: [{ userId: user.id }], policy, actor: admin });
    await setPin(deps, { user: { userId: user.id }, pin: '9715', actor: admin });
    expect((await getPinInfo(deps, { user: { userId: user.id } })).localLimit).toBe(10);

    const startAt = String(Date.now() + 4000);
    const args = [worker, user.extension, '100', '4826', '9715', startAt];
    const outputs = await Promise.all([run(tsx, args, { env: process.env }), run(tsx, args, { env: process.env })]);
    const results = outputs.map((o) => JSON.parse(o.stdout.trim().split('\n').at(-1)!));

    const hashChecks = results.reduce((sum, r) => sum + r.verifyCount, 0);
    const wrongPinAnswers = results.reduce((sum, r) => sum + (r.reasons['wrong-pin'] ?? 0), 0);
    const lockedAnswers = results.reduce((sum, r) => sum + (r.reasons['locked-temporary'] ?? 0), 0);
    expect(hashChecks).toBeLessThanOrEqual(10);
    expect(wrongPinAnswers).toBe(hashChecks);
    expect(wrongPinAnswers + lockedAnswers).toBe(200);
    // The correct PIN, sent after the limit was reached, is refused too.
    expect(results.map((r) => r.right)).toEqual(['locked-temporary', 'locked-temporary']);

    const state = await db.pinState.findUniqueOrThrow({ where: { userId: user.id } });
    expect(state.localFailures).toBe(hashChecks);
    expect(state.globalFailures).toBe(hashChecks);
    const info = await getPinInfo({ store, clock: manualClock(Date.now()) }, { user: { userId: user.id } });
    expect(info).toMatchObject({ isLockedOut: true, lockKind: 'temporary' });
  });

  it('right PINs settled at the same moment count as many settles as one after another (merged in one group commit)', async () => {
    const deps = { store, hasher: countingHasher(), clock: { now: () => Date.now() } };
    const actor = { type: 'bridge' as const, id: 'concurrency-test', name: 'concurrency-test' };
    const [together, oneByOne] = [await createUser(), await createUser()];
    const limits = { local: 10, global: 100 };
    const claims = new Map<string, NonNullable<Awaited<ReturnType<typeof store.claimLogonAttempt>>>[]>();
    for (const user of [together, oneByOne]) {
      await setPin(deps, { user: { userId: user.id }, pin: '97153', actor: admin });
      for (const pin of ['11111', '22222', '33333']) expect((await verifyPinLogon(deps, { identity: user.extension, pin, actor })).result).toBe('rejected');
      const taken = [];
      for (let i = 0; i < 3; i++) taken.push((await store.claimLogonAttempt(user.id, Date.now(), limits))!);
      claims.set(user.id, taken);
    }
    // Asked in one turn of the event loop: one batch, one merged settle.
    await Promise.all(claims.get(together.id)!.map((claim) => store.settleLogonSuccess(together.id, Date.now(), claim)));
    for (const claim of claims.get(oneByOne.id)!) await store.settleLogonSuccess(oneByOne.id, Date.now(), claim);

    const counters = async (userId: string) => {
      const { localFailures, globalFailures, windowStart, lockedUntil } = await db.pinState.findUniqueOrThrow({ where: { userId } });
      return { localFailures, globalFailures, windowStart, lockedUntil };
    };
    expect(await counters(together.id)).toEqual(await counters(oneByOne.id));
    expect(await counters(together.id)).toEqual({ localFailures: 0, globalFailures: 3, windowStart: null, lockedUntil: null });
  });

  it('a right PIN after wrong ones is settled in the same commit as its audit event', async () => {
    const deps = { store, hasher: countingHasher(), clock: { now: () => Date.now() } };
    const actor = { type: 'bridge' as const, id: 'concurrency-test', name: 'concurrency-test' };
    const user = await createUser();
    await setPin(deps, { user: { userId: user.id }, pin: '97153', actor: admin });
    // The wrong attempts' events teach the writer where the audit chain ends, so the right
    // one takes the one-statement path on PostgreSQL (settle written beside the event).
    for (const pin of ['11111', '22222']) expect((await verifyPinLogon(deps, { identity: user.extension, pin, actor })).result).toBe('rejected');
    expect((await db.pinState.findUniqueOrThrow({ where: { userId: user.id } })).localFailures).toBe(2);
    expect((await verifyPinLogon(deps, { identity: user.extension, pin: '97153', actor })).result).toBe('accepted');
    const state = await db.pinState.findUniqueOrThrow({ where: { userId: user.id } });
    expect(state).toMatchObject({ localFailures: 0, globalFailures: 2, windowStart: null });
    expect(state.lastLogonAt).not.toBeNull();
    expect(await db.auditEvent.count({ where: { action: 'pin.logon', targetId: user.id, outcome: 'success' } })).toBe(1);
  });
});

// PostgreSQL only (SQLite has no asynchronous commit): not registered at all on SQLite.
const onPostgres = target.provider === 'postgresql' ? describe : () => undefined;
onPostgres('the attempt counter on PostgreSQL', () => {
  it('a claim commits without waiting for the disk, and the audit commit after it flushes it', async () => {
    const deps = { store, hasher: countingHasher(), clock: { now: () => Date.now() } };
    const user = await createUser();
    await setPin(deps, { user: { userId: user.id }, pin: '97153', actor: admin });
    const wal = async () =>
      (
        await handle.executor.query<{ insert: string; unflushed: string }>(
          sql`SELECT pg_current_wal_insert_lsn()::text AS insert, (pg_current_wal_insert_lsn() - pg_current_wal_flush_lsn())::text AS unflushed`,
        )
      )[0];
    // Right after an asynchronous commit its WAL is usually not on disk yet; the WAL writer
    // (or another database's commit) may flush it in between, hence several tries. Were the
    // claim synchronous, it would be flushed every time (unless another database's
    // asynchronous commit left WAL behind: the check can pass wrongly, never fail wrongly).
    let sawUnflushed = false;
    let claimedUpTo = '';
    for (let i = 0; i < 20 && !sawUnflushed; i++) {
      expect(await store.claimLogonAttempt(user.id, Date.now(), { local: 1000, global: 1000 })).not.toBeNull();
      const after = await wal();
      sawUnflushed = Number(after.unflushed) > 0;
      claimedUpTo = after.insert;
    }
    expect(sawUnflushed).toBe(true);
    // An audit event commits synchronously: the log is flushed up to it, the claim included.
    await store.appendAudit({ at: Date.now(), actor: admin, action: 'pin.logon', outcome: 'failure', details: {} });
    const [{ flushed }] = await handle.executor.query<{ flushed: boolean }>(sql`SELECT pg_current_wal_flush_lsn() >= ${claimedUpTo}::pg_lsn AS flushed`);
    expect(flushed).toBe(true);
  });
});
