/**
 * PIN logon and lockout (DOMAIN.md §5, §9) through verifyPinLogon on the memory store, with
 * a clock the tests move by hand and a hasher that counts the checks it makes.
 */
import { describe, expect, it } from 'vitest';
import { admin, bridge, createTestEnv, DAY, directoryUser, HOUR, kenMyer, MINUTE, pinErrorOf, policy, T0, type TestEnv } from '../testing/fixtures';
import type { PinPolicy } from '../types';
import { getPinInfo } from './get-pin-info';
import { lockPin, unlockPin } from './lock-pin';
import { setPin } from './set-pin';
import { assertLogonInput, verifyPinLogon, type LogonResult } from './verify-pin-logon';

const KEN = { userId: 'u-ken' };

/** A test environment where Ken has `pin` (set by an administrator at T0) and no hash work is counted yet. */
async function kenWithPin(pin: string, globalSettings: Parameters<typeof policy>[1] = {}, extraPolicies: PinPolicy[] = []): Promise<TestEnv> {
  const env = createTestEnv({ policies: [policy('global', { minPasswordLength: 4, ...globalSettings }), ...extraPolicies] });
  await setPin(env.deps, { user: KEN, pin, actor: admin });
  env.hasher.resetCalls();
  return env;
}

function logon(env: TestEnv, pin: string, identity = '100'): Promise<LogonResult> {
  return verifyPinLogon(env.deps, { identity, pin, actor: bridge, context: { sourceAddress: '10.0.0.9' } });
}

function info(env: TestEnv) {
  return getPinInfo(env.deps, { user: KEN });
}

/** Wrong attempts, each expected to be an uncounted-lock-free "wrong-pin" without a lock. */
async function failTimes(env: TestEnv, times: number, wrong: string): Promise<void> {
  for (let i = 0; i < times; i++) {
    const result = await logon(env, wrong);
    expect(result, `attempt ${i + 1}`).toMatchObject({ result: 'rejected', reason: 'wrong-pin', lockTriggered: null });
  }
}

/**
 * Fails until the system lock, waiting out every temporary lockout. Returns how many
 * attempts were counted (= the global limit).
 */
async function failUntilSystemLock(env: TestEnv, wrong: string, max = 10_000): Promise<number> {
  for (let count = 1; count <= max; count++) {
    const result = await logon(env, wrong);
    if (result.result !== 'rejected' || result.reason !== 'wrong-pin') throw new Error(`attempt ${count} was ${JSON.stringify(result)}`);
    if (result.lockTriggered === 'system') return count;
    if (result.lockTriggered === 'temporary') env.clock.advance(HOUR);
  }
  throw new Error(`no system lock after ${max} attempts`);
}

describe('limits by PIN length', () => {
  it.each([
    { pin: '7294', wrong: '7295', local: 10, global: 100 },
    { pin: '72948', wrong: '72949', local: 25, global: 1000 },
    { pin: '729481', wrong: '729482', local: 25, global: 5000 },
    { pin: '72948163', wrong: '72948164', local: 25, global: 5000 },
  ])('$pin.length digits → local $local, global $global', async ({ pin, wrong, local, global }) => {
    const env = await kenWithPin(pin);
    expect(await info(env)).toMatchObject({ localLimit: local, globalLimit: global });

    // Local: local - 1 failures leave the PIN usable, the next one locks it for an hour.
    await failTimes(env, local - 1, wrong);
    expect(await logon(env, wrong)).toMatchObject({ reason: 'wrong-pin', lockTriggered: 'temporary' });
    expect(await logon(env, pin)).toMatchObject({ result: 'rejected', reason: 'locked-temporary' });

    // Global: counting on through temporary lockouts, the global limit-th failure locks for good.
    env.clock.advance(HOUR);
    const counted = local + (await failUntilSystemLock(env, wrong));
    expect(counted).toBe(global);
    expect(await logon(env, pin)).toMatchObject({ result: 'rejected', reason: 'locked-system' });
    expect(await info(env)).toMatchObject({ globalFailures: global, lockKind: 'system' });
  });

  it('MaximumLogonAttempts replaces the local limit', async () => {
    const env = await kenWithPin('72948', { maximumLogonAttempts: 3 });
    expect(await info(env)).toMatchObject({ localLimit: 3, globalLimit: 1000 });
    await failTimes(env, 2, '72949');
    expect(await logon(env, '72949')).toMatchObject({ reason: 'wrong-pin', lockTriggered: 'temporary' });
    expect(await logon(env, '72948')).toMatchObject({ reason: 'locked-temporary' });
  });

  it('MaximumLogonAttempts above the default local limit lets more failures through', async () => {
    const env = await kenWithPin('7294', { maximumLogonAttempts: 50 });
    expect(await info(env)).toMatchObject({ localLimit: 50, globalLimit: 100 });
    await failTimes(env, 49, '7295');
    expect(await logon(env, '7295')).toMatchObject({ lockTriggered: 'temporary' });
  });

  it('MaximumLogonAttempts does not change the global limit', async () => {
    // Local 999 never triggers here; the 100th failure (4-digit global limit) locks the PIN.
    const env = await kenWithPin('7294', { maximumLogonAttempts: 999 });
    await failTimes(env, 99, '7295');
    expect(await logon(env, '7295')).toMatchObject({ reason: 'wrong-pin', lockTriggered: 'system' });
    expect(await logon(env, '7294')).toMatchObject({ reason: 'locked-system' });
  });

  it('follows the policy in force now: a per-user policy granted later changes the local limit', async () => {
    const env = await kenWithPin('72948', {}, [policy('tag:Strict', { maximumLogonAttempts: 2 })]);
    await env.store.transaction((tx) => tx.grantPolicy(['u-ken'], 'tag:Strict'));
    await failTimes(env, 1, '72949');
    expect(await logon(env, '72949')).toMatchObject({ lockTriggered: 'temporary' });
  });
});

describe('a burst of parallel attempts', () => {
  it('gets no more PIN checks than the local limit, and counts every one it gets', async () => {
    const env = await kenWithPin('7294');
    const results = await Promise.all(Array.from({ length: 30 }, () => logon(env, '7295')));
    expect(env.hasher.calls.verify).toBe(10);
    expect(env.hasher.calls.verify + env.hasher.calls.burnVerify).toBe(30);
    expect(results.filter((r) => r.result === 'rejected' && r.reason === 'wrong-pin')).toHaveLength(10);
    expect(results.filter((r) => r.result === 'rejected' && r.lockTriggered === 'temporary')).toHaveLength(1);
    expect(results.filter((r) => r.result === 'rejected' && r.reason === 'locked-temporary')).toHaveLength(20);
    expect(await info(env)).toMatchObject({ localFailures: 10, globalFailures: 10, lockKind: 'temporary' });
  });
});

describe('the 30-minute observation window', () => {
  it('a window that ends below the limit ends: the next failure restarts local at 1', async () => {
    const env = await kenWithPin('7294');
    await failTimes(env, 5, '7295');
    env.clock.advance(29 * MINUTE);
    await failTimes(env, 4, '7295');
    expect(await info(env)).toMatchObject({ localFailures: 9, globalFailures: 9 });

    // 31 minutes after the first failure: the window (fixed, not sliding) has ended.
    env.clock.advance(2 * MINUTE);
    expect(await info(env)).toMatchObject({ localFailures: 0, globalFailures: 9 });
    expect(await logon(env, '7295')).toMatchObject({ reason: 'wrong-pin', lockTriggered: null });
    expect(await info(env)).toMatchObject({ localFailures: 1, globalFailures: 10, isLockedOut: false });

    // The new window needs the full 10 again.
    await failTimes(env, 8, '7295');
    expect(await logon(env, '7295')).toMatchObject({ lockTriggered: 'temporary' });
  });
});

describe('temporary lockout', () => {
  it('lasts one hour, refuses even the correct PIN without checking or counting it, then resets local', async () => {
    const env = await kenWithPin('7294');
    await failTimes(env, 9, '7295');
    const lockedAt = env.clock.now() + MINUTE;
    env.clock.set(lockedAt);
    expect(await logon(env, '7295')).toMatchObject({ reason: 'wrong-pin', lockTriggered: 'temporary' });
    expect(await info(env)).toMatchObject({
      isLockedOut: true,
      lockKind: 'temporary',
      lockedOutUntil: lockedAt + HOUR,
      localFailures: 10,
      globalFailures: 10,
    });

    const checksBefore = env.hasher.calls.verify;
    const burnsBefore = env.hasher.calls.burnVerify;
    env.clock.set(lockedAt + HOUR - 1);
    for (const pin of ['7294', '7295', '7294']) {
      expect(await logon(env, pin)).toMatchObject({ result: 'rejected', reason: 'locked-temporary', lockTriggered: null });
    }
    expect(env.hasher.calls.verify).toBe(checksBefore);
    expect(env.hasher.calls.burnVerify).toBe(burnsBefore + 3);
    expect(await info(env)).toMatchObject({ localFailures: 10, globalFailures: 10 });

    env.clock.set(lockedAt + HOUR);
    expect(await logon(env, '7294')).toMatchObject({ result: 'accepted', user: { id: 'u-ken' } });
    expect(env.hasher.calls.verify).toBe(checksBefore + 1);
    expect(await info(env)).toMatchObject({ isLockedOut: false, lockKind: null, localFailures: 0, globalFailures: 10 });
    expect(env.store.data().audit.map((e) => e.action)).toContain('pin.lockout_expired');
  });

  it('after the lockout a failure starts a new window at local 1 (global goes on)', async () => {
    const env = await kenWithPin('7294');
    await failTimes(env, 9, '7295');
    await logon(env, '7295');
    env.clock.advance(HOUR);
    expect(await logon(env, '7295')).toMatchObject({ reason: 'wrong-pin', lockTriggered: null });
    expect(await info(env)).toMatchObject({ localFailures: 1, globalFailures: 11, isLockedOut: false });
  });

  it('the 10th attempt being correct is accepted: the lock it would have triggered is lifted', async () => {
    const env = await kenWithPin('7294');
    await failTimes(env, 9, '7295');
    expect(await logon(env, '7294')).toMatchObject({ result: 'accepted' });
    expect(await info(env)).toMatchObject({ isLockedOut: false, localFailures: 0, globalFailures: 9 });
    expect(await logon(env, '7294')).toMatchObject({ result: 'accepted' });
  });
});

describe('a successful logon', () => {
  it('resets local but not global', async () => {
    const env = await kenWithPin('7294');
    await failTimes(env, 3, '7295');
    expect(await logon(env, '7294')).toMatchObject({ result: 'accepted' });
    expect(await info(env)).toMatchObject({ localFailures: 0, globalFailures: 3, lastLogonTime: T0 });
    // A full local allowance again: 9 failures pass, the 10th locks.
    await failTimes(env, 9, '7295');
    expect(await logon(env, '7295')).toMatchObject({ lockTriggered: 'temporary' });
    expect(await info(env)).toMatchObject({ globalFailures: 13 });
  });

  it('re-hashes a PIN whose hash was made with other parameters, keeping it usable', async () => {
    const env = await kenWithPin('72948');
    const oldHash = env.store.data().states.get('u-ken')!.pinHash!;
    env.hasher.version = 2;
    expect(await logon(env, '72948')).toMatchObject({ result: 'accepted' });
    const newHash = env.store.data().states.get('u-ken')!.pinHash!;
    expect(newHash).not.toBe(oldHash);
    expect(env.hasher.needsRehash(newHash)).toBe(false);
    expect(env.store.data().history.get('u-ken')).toEqual([newHash]);
    expect(await logon(env, '72948')).toMatchObject({ result: 'accepted' });
    expect(env.hasher.calls.hash).toBe(1);
  });

  it('does not re-hash after a wrong PIN', async () => {
    const env = await kenWithPin('72948');
    const oldHash = env.store.data().states.get('u-ken')!.pinHash;
    env.hasher.version = 2;
    await logon(env, '72949');
    expect(env.store.data().states.get('u-ken')!.pinHash).toBe(oldHash);
    expect(env.hasher.calls.hash).toBe(0);
  });
});

describe('system lock (global limit)', () => {
  it('does not end with time; unlockPin lifts it and resets both counts', async () => {
    const env = await kenWithPin('7294', { maximumLogonAttempts: 999 });
    await failTimes(env, 99, '7295');
    expect(await logon(env, '7295')).toMatchObject({ lockTriggered: 'system' });
    expect(await info(env)).toMatchObject({ isLockedOut: true, lockKind: 'system', lockedOutUntil: null, globalFailures: 100 });

    env.hasher.resetCalls();
    env.clock.advance(365 * DAY);
    expect(await logon(env, '7294')).toMatchObject({ result: 'rejected', reason: 'locked-system' });
    expect(env.hasher.calls).toEqual({ hash: 0, verify: 0, burnVerify: 1 });
    expect(await info(env)).toMatchObject({ lockKind: 'system', globalFailures: 100 });

    await unlockPin(env.deps, { user: KEN, actor: admin });
    expect(await info(env)).toMatchObject({ isLockedOut: false, lockKind: null, localFailures: 0, globalFailures: 0 });
    expect(await logon(env, '7294')).toMatchObject({ result: 'accepted' });
  });
});

describe('admin lock', () => {
  it('refuses logon without checking the PIN, keeps the PIN, and ends only with unlock', async () => {
    const env = await kenWithPin('72948');
    const hash = env.store.data().states.get('u-ken')!.pinHash;
    await lockPin(env.deps, { user: KEN, actor: admin });
    env.hasher.resetCalls();
    expect(await logon(env, '72948')).toMatchObject({ result: 'rejected', reason: 'locked-admin' });
    expect(await logon(env, '72949')).toMatchObject({ result: 'rejected', reason: 'locked-admin' });
    env.clock.advance(30 * DAY);
    expect(await logon(env, '72948')).toMatchObject({ reason: 'locked-admin' });
    expect(env.hasher.calls).toEqual({ hash: 0, verify: 0, burnVerify: 3 });
    expect(await info(env)).toMatchObject({ isLockedOut: true, lockKind: 'admin', isPinSet: true, globalFailures: 0 });
    expect(env.store.data().states.get('u-ken')!.pinHash).toBe(hash);

    await unlockPin(env.deps, { user: KEN, actor: admin });
    expect(await logon(env, '72948')).toMatchObject({ result: 'accepted' });
  });
});

describe('PINs that cannot log on', () => {
  it('an expired PIN (PINLifetime days after it was set) is rejected without being checked', async () => {
    const env = await kenWithPin('72948', { pinLifetime: 30, pinHistoryCount: 1 });
    env.clock.set(T0 + 30 * DAY - 1);
    expect(await logon(env, '72948')).toMatchObject({ result: 'accepted' });
    env.clock.set(T0 + 30 * DAY);
    env.hasher.resetCalls();
    expect(await logon(env, '72948')).toMatchObject({ result: 'rejected', reason: 'pin-expired', user: { id: 'u-ken' } });
    expect(env.hasher.calls).toEqual({ hash: 0, verify: 0, burnVerify: 1 });
    expect(await info(env)).toMatchObject({ isExpired: true, pinExpirationTime: T0 + 30 * DAY, globalFailures: 0 });
  });

  it('a PIN never expires with PINLifetime 0', async () => {
    const env = await kenWithPin('72948');
    env.clock.advance(5000 * DAY);
    expect(await logon(env, '72948')).toMatchObject({ result: 'accepted' });
  });

  it('an unset PIN is rejected as pin-not-set, spending one burned verify and storing no state', async () => {
    const env = createTestEnv();
    expect(await logon(env, '72948')).toMatchObject({ result: 'rejected', reason: 'pin-not-set', user: { id: 'u-ken' }, lockTriggered: null });
    expect(env.hasher.calls).toEqual({ hash: 0, verify: 0, burnVerify: 1 });
    expect(env.store.data().states.has('u-ken')).toBe(false);
  });
});

describe('callers', () => {
  it.each([
    '100',
    '+1 (425) 555-0100',
    '+14255550100',
    '4255550100',
    '(425) 555-0100',
    'tel:+14255550100;ext=100',
    'tel:+14255550100',
    'sip:kenmyer@litwareinc.com',
    'SIP:KenMyer@LitwareInc.com',
    'kenmyer@litwareinc.com',
  ])('Ken is identified by %j', async (identity) => {
    const env = await kenWithPin('72948');
    expect(await logon(env, '72948', identity)).toEqual({
      result: 'accepted',
      user: { id: 'u-ken', sipAddress: 'sip:kenmyer@litwareinc.com', displayName: 'Ken Myer' },
    });
    // A wrong PIN by the same identity counts against Ken.
    expect(await logon(env, '72949', identity)).toMatchObject({ reason: 'wrong-pin', user: { id: 'u-ken' } });
    expect(await info(env)).toMatchObject({ globalFailures: 1 });
  });

  it('a UPN that differs from the SIP address identifies the user', async () => {
    const env = createTestEnv({ policies: [policy('global', { minPasswordLength: 4 })] });
    await setPin(env.deps, { user: { userId: 'u-pilar' }, pin: '72948', actor: admin });
    expect(await logon(env, '72948', 'pilar.ackerman@corp.litwareinc.com')).toMatchObject({ result: 'accepted', user: { id: 'u-pilar' } });
    expect(await logon(env, '72948', '4719')).toMatchObject({ result: 'accepted', user: { id: 'u-pilar' } });
  });

  it.each(['sip:nobody@litwareinc.com', '999', '+1 (425) 555-0999', 'tel:+14255550100;ext=101', 'Ken Myer'])(
    'an unknown identity %j is rejected like a wrong PIN and still spends one burned verify',
    async (identity) => {
      const env = await kenWithPin('72948');
      expect(await logon(env, '72948', identity)).toEqual({ result: 'rejected', reason: 'unknown-identity', user: null, lockTriggered: null });
      expect(env.hasher.calls).toEqual({ hash: 0, verify: 0, burnVerify: 1 });
      expect(await info(env)).toMatchObject({ globalFailures: 0 });
    },
  );

  it('an identity matching two users is rejected without checking either PIN', async () => {
    const twin = directoryUser({ id: 'u-twin', displayName: 'Twin User', extension: '100', lineUri: 'tel:+14255550999;ext=100' });
    const env = createTestEnv({ users: [kenMyer(), twin] });
    await setPin(env.deps, { user: KEN, pin: '72948', actor: admin });
    env.hasher.resetCalls();
    expect(await logon(env, '72948', '100')).toEqual({ result: 'rejected', reason: 'ambiguous-identity', user: null, lockTriggered: null });
    expect(env.hasher.calls).toEqual({ hash: 0, verify: 0, burnVerify: 1 });
  });

  it('every answer spends exactly one verify, real or burned', async () => {
    const env = await kenWithPin('72948');
    const attempts: Array<[string, string]> = [
      ['100', '72948'],
      ['100', '72949'],
      ['sip:nobody@litwareinc.com', '72948'],
      ['201', '72948'], // Anne Smith: no PIN
    ];
    for (const [identity, pin] of attempts) {
      const before = env.hasher.calls.verify + env.hasher.calls.burnVerify;
      await logon(env, pin, identity);
      expect(env.hasher.calls.verify + env.hasher.calls.burnVerify, `${identity}/${pin}`).toBe(before + 1);
    }
  });
});

describe('malformed logon input', () => {
  it.each([
    ['', '72948', 'IDENTITY_INVALID'],
    ['   ', '72948', 'IDENTITY_INVALID'],
    [undefined, '72948', 'IDENTITY_INVALID'],
    ['100', '', 'PIN_NOT_DIGITS'],
    ['100', '7294a', 'PIN_NOT_DIGITS'],
    ['100', ' 72948', 'PIN_NOT_DIGITS'],
    ['100', '٧٢٩٤٨', 'PIN_NOT_DIGITS'],
    ['100', '1'.repeat(25), 'PIN_NOT_DIGITS'],
    ['100', 72948, 'PIN_NOT_DIGITS'],
    ['100', undefined, 'PIN_NOT_DIGITS'],
  ])('identity %j, pin %j → %s, not counted, nothing stored', async (identity, pin, code) => {
    expect(pinErrorOf(() => assertLogonInput(identity, pin)).code).toBe(code);
    const env = await kenWithPin('72948');
    const auditBefore = env.store.data().audit.length;
    const stateBefore = structuredClone(env.store.data().states.get('u-ken'));
    await expect(verifyPinLogon(env.deps, { identity: identity as string, pin: pin as string, actor: bridge })).rejects.toMatchObject({ code });
    expect(env.store.data().audit).toHaveLength(auditBefore);
    expect(env.store.data().states.get('u-ken')).toEqual(stateBefore);
    expect(env.hasher.calls).toEqual({ hash: 0, verify: 0, burnVerify: 0 });
  });

  it('accepts 24 digits as input (a wrong PIN, counted)', async () => {
    const env = await kenWithPin('72948');
    expect(() => assertLogonInput('100', '1'.repeat(24))).not.toThrow();
    expect(await logon(env, '1'.repeat(24))).toMatchObject({ reason: 'wrong-pin' });
  });
});

describe('logon audit', () => {
  it('records each attempt with outcome and reason, and never the PIN', async () => {
    const env = await kenWithPin('72948');
    await logon(env, '72948');
    await logon(env, '30571');
    await logon(env, '61839', 'sip:nobody@litwareinc.com');
    const events = env.store.data().audit.filter((e) => e.action === 'pin.logon');
    expect(events.map((e) => [e.outcome, e.details?.reason, e.target?.id])).toEqual([
      ['success', undefined, 'u-ken'],
      ['failure', 'wrong-pin', 'u-ken'],
      ['failure', 'unknown-identity', undefined],
    ]);
    expect(events[0]).toMatchObject({ actor: bridge, context: { sourceAddress: '10.0.0.9' } });
    const text = JSON.stringify(env.store.data().audit);
    for (const pin of ['72948', '30571', '61839']) expect(text).not.toContain(pin);
  });
});
