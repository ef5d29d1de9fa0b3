/** Set-CsClientPin (admin set and generate) and the self-service set (DOMAIN.md §4, §7). */
import { describe, expect, it } from 'vitest';
import { findCommonPatterns, assertValidPin } from '../pin-rules';
import { admin, bridge, createTestEnv, HOUR, MINUTE, pinErrorOfAsync, policy, scriptedDigits, type TestEnv } from '../testing/fixtures';
import { kenMyer } from '../testing/fixtures';
import { getPinInfo } from './get-pin-info';
import { lockPin, unlockPin } from './lock-pin';
import { generatePin, setOwnPin, setPin } from './set-pin';
import { verifyPinLogon } from './verify-pin-logon';

const KEN = { userId: 'u-ken' };
const ken = kenMyer();

// Four PINs that break no rule for Ken.
const P1 = '135790';
const P2 = '246803';
const P3 = '370592';
const P4 = '481726';

function envWith(globalSettings: Parameters<typeof policy>[1] = {}, randomInt?: (max: number) => number): TestEnv {
  return createTestEnv({ policies: [policy('global', globalSettings)], randomInt });
}

const logon = (env: TestEnv, pin: string) => verifyPinLogon(env.deps, { identity: '100', pin, actor: bridge });
const info = (env: TestEnv) => getPinInfo(env.deps, { user: KEN });

/** Gets Ken into a temporary lockout (MaximumLogonAttempts must be small). */
async function lockTemporarily(env: TestEnv, wrong: string, attempts: number) {
  for (let i = 0; i < attempts; i++) await logon(env, wrong);
  expect((await info(env)).lockKind).toBe('temporary');
}

describe('setPin (administrator)', () => {
  it('stores only a hash, returns the PIN once, and records who set it and how', async () => {
    const env = envWith();
    const result = await setPin(env.deps, { user: { identity: 'litwareinc\\kenmyer' }, pin: P1, actor: admin });
    expect(result.pin).toBe(P1);
    expect(result.user).toEqual({ id: 'u-ken', displayName: 'Ken Myer', sipAddress: 'sip:kenmyer@litwareinc.com', upn: 'kenmyer@litwareinc.com' });
    expect(result.info).toMatchObject({ isPinSet: true, lastChangedBy: 'Alex Admin', lastChangeMethod: 'admin_set', lastPinChangeTime: env.clock.now() });
    const stored = env.store.data().states.get('u-ken')!;
    expect(stored.pinHash).not.toContain(P1);
    expect(stored.pinLength).toBe(6);
    expect(await env.hasher.verify(stored.pinHash!, P1)).toBe(true);
    expect(JSON.stringify(result.info)).not.toContain(P1);
    expect(JSON.stringify(result.info)).not.toContain(stored.pinHash!);
    expect(await logon(env, P1)).toMatchObject({ result: 'accepted' });
  });

  it.each([
    ['72a48', 'PIN_NOT_DIGITS'],
    ['7294', 'PIN_TOO_SHORT'],
    ['1'.repeat(25), 'PIN_TOO_LONG'],
    ['225577', 'PIN_COMMON_PATTERN'],
    ['991234', 'PIN_COMMON_PATTERN'],
    ['5550100', 'PIN_COMMON_PATTERN'],
    ['25800', 'PIN_COMMON_PATTERN'],
  ])('applies the policy rules: %s → %s, and stores nothing', async (pin, code) => {
    const env = envWith();
    expect((await pinErrorOfAsync(setPin(env.deps, { user: KEN, pin, actor: admin }))).code).toBe(code);
    expect(env.store.data().states.has('u-ken')).toBe(false);
    expect(env.store.data().audit).toEqual([]);
  });

  it("applies the user's effective policy (MinPasswordLength of a granted per-user policy)", async () => {
    const env = createTestEnv({ policies: [policy('tag:Long', { minPasswordLength: 8 })] });
    expect(await setPin(env.deps, { user: KEN, pin: P1, actor: admin })).toMatchObject({ pin: P1 });
    await env.store.transaction((tx) => tx.grantPolicy(['u-ken'], 'tag:Long'));
    expect((await pinErrorOfAsync(setPin(env.deps, { user: KEN, pin: P2, actor: admin }))).code).toBe('PIN_TOO_SHORT');
  });

  it('accepts a common pattern when the policy allows them', async () => {
    const env = envWith({ allowCommonPatterns: true });
    expect((await setPin(env.deps, { user: KEN, pin: '225577', actor: admin })).pin).toBe('225577');
  });

  it('is not bound by PIN history', async () => {
    const env = envWith({ pinHistoryCount: 3 });
    for (const pin of [P1, P2, P1, P1]) {
      expect((await setPin(env.deps, { user: KEN, pin, actor: admin })).pin).toBe(pin);
    }
    expect(env.store.data().history.get('u-ken')).toHaveLength(4);
  });

  it.each([
    ['an admin lock', async (env: TestEnv) => void (await lockPin(env.deps, { user: KEN, actor: admin })), 'admin'],
    ['a temporary lockout', (env: TestEnv) => lockTemporarily(env, '729481', 3), 'temporary'],
  ])('refuses to set a PIN under %s (PIN_LOCKED) until it is unlocked', async (_label, lock, kind) => {
    const env = envWith({ maximumLogonAttempts: 3 });
    await setPin(env.deps, { user: KEN, pin: P1, actor: admin });
    await lock(env);
    const error = await pinErrorOfAsync(setPin(env.deps, { user: KEN, pin: P2, actor: admin }));
    expect(error.code).toBe('PIN_LOCKED');
    expect(error.details).toEqual({ lockKind: kind });
    expect(await env.hasher.verify(env.store.data().states.get('u-ken')!.pinHash!, P1)).toBe(true);
    await unlockPin(env.deps, { user: KEN, actor: admin });
    expect((await setPin(env.deps, { user: KEN, pin: P2, actor: admin })).pin).toBe(P2);
  });

  it('clears the failure counts of the old PIN', async () => {
    const env = envWith({ maximumLogonAttempts: 5 });
    await setPin(env.deps, { user: KEN, pin: P1, actor: admin });
    for (let i = 0; i < 3; i++) await logon(env, P2);
    expect(await info(env)).toMatchObject({ localFailures: 3, globalFailures: 3 });
    await setPin(env.deps, { user: KEN, pin: P3, actor: admin });
    expect(await info(env)).toMatchObject({ localFailures: 0, globalFailures: 0 });
  });
});

describe('setOwnPin (self-service)', () => {
  /** Ken sets P1..P4 himself, one after another, an hour apart. */
  async function withHistory(env: TestEnv) {
    for (const pin of [P1, P2, P3, P4]) {
      await setOwnPin(env.deps, { userId: 'u-ken', pin, confirmPin: pin });
      env.clock.advance(HOUR);
    }
  }

  it('enforces PINHistoryCount 3: the current PIN and the two before are refused, the 4th-last is accepted', async () => {
    const env = envWith({ pinHistoryCount: 3 });
    await withHistory(env);
    for (const pin of [P4, P3, P2]) {
      const error = await pinErrorOfAsync(setOwnPin(env.deps, { userId: 'u-ken', pin, confirmPin: pin }));
      expect(error.code, pin).toBe('PIN_REUSED');
      expect(error.details).toEqual({ count: 3 });
      expect(error.message).not.toContain(pin);
    }
    expect(await env.hasher.verify(env.store.data().states.get('u-ken')!.pinHash!, P4)).toBe(true);
    expect((await setOwnPin(env.deps, { userId: 'u-ken', pin: P1, confirmPin: P1 })).pin).toBe(P1);
    expect(await logon(env, P1)).toMatchObject({ result: 'accepted' });
  });

  it('with PINHistoryCount 0 even the current PIN may be set again', async () => {
    const env = envWith();
    await setOwnPin(env.deps, { userId: 'u-ken', pin: P1 });
    expect((await setOwnPin(env.deps, { userId: 'u-ken', pin: P1 })).pin).toBe(P1);
  });

  it('PINHistoryCount 1 refuses only the current PIN', async () => {
    const env = envWith({ pinHistoryCount: 1 });
    await withHistory(env);
    expect((await pinErrorOfAsync(setOwnPin(env.deps, { userId: 'u-ken', pin: P4 }))).code).toBe('PIN_REUSED');
    expect((await setOwnPin(env.deps, { userId: 'u-ken', pin: P3 })).pin).toBe(P3);
  });

  it('refuses two entries that differ (PIN_MISMATCH) before anything else', async () => {
    const env = envWith();
    const error = await pinErrorOfAsync(setOwnPin(env.deps, { userId: 'u-ken', pin: P1, confirmPin: P2 }));
    expect(error.code).toBe('PIN_MISMATCH');
    expect(error.message).not.toContain(P1);
    expect(env.store.data().states.has('u-ken')).toBe(false);
  });

  it('applies the policy rules', async () => {
    const env = envWith();
    const error = await pinErrorOfAsync(setOwnPin(env.deps, { userId: 'u-ken', pin: '42555', confirmPin: '42555' }));
    expect(error).toMatchObject({ code: 'PIN_COMMON_PATTERN', details: { rule: 'phone-or-extension' } });
  });

  it('records the change as self-service by the user', async () => {
    const env = envWith();
    const result = await setOwnPin(env.deps, { userId: 'u-ken', pin: P1, confirmPin: P1, context: { sourceAddress: '192.0.2.7' } });
    expect(result.info).toMatchObject({ lastChangeMethod: 'self_service', lastChangedBy: 'Ken Myer' });
    expect(env.store.data().audit.at(-1)).toMatchObject({
      action: 'pin.set',
      actor: { type: 'user', id: 'u-ken' },
      target: { id: 'u-ken' },
      context: { sourceAddress: '192.0.2.7' },
      details: { method: 'self_service' },
    });
  });

  it('clears a temporary lockout', async () => {
    const env = envWith({ maximumLogonAttempts: 3 });
    await setPin(env.deps, { user: KEN, pin: P1, actor: admin });
    await lockTemporarily(env, P3, 3);
    await setOwnPin(env.deps, { userId: 'u-ken', pin: P2, confirmPin: P2 });
    expect(await info(env)).toMatchObject({ isLockedOut: false, lockKind: null, localFailures: 0 });
    // No waiting for the hour: the new PIN works at once.
    expect(await logon(env, P2)).toMatchObject({ result: 'accepted' });
  });

  it('does not clear an admin lock: PIN_LOCKED, "contact your administrator"', async () => {
    const env = envWith();
    await setPin(env.deps, { user: KEN, pin: P1, actor: admin });
    await lockPin(env.deps, { user: KEN, actor: admin });
    const error = await pinErrorOfAsync(setOwnPin(env.deps, { userId: 'u-ken', pin: P2, confirmPin: P2 }));
    expect(error).toMatchObject({ code: 'PIN_LOCKED', details: { lockKind: 'admin' } });
    expect(error.message).toMatch(/contact your administrator/i);
    expect(await logon(env, P1)).toMatchObject({ reason: 'locked-admin' });
    expect(await env.hasher.verify(env.store.data().states.get('u-ken')!.pinHash!, P1)).toBe(true);
  });

  it('does not clear a system lock', async () => {
    // 4-digit PIN: global limit 100; MaximumLogonAttempts 999 keeps local out of the way.
    const env = envWith({ minPasswordLength: 4, maximumLogonAttempts: 999 });
    await setPin(env.deps, { user: KEN, pin: '7294', actor: admin });
    for (let i = 0; i < 100; i++) await logon(env, '7295');
    expect((await info(env)).lockKind).toBe('system');
    const error = await pinErrorOfAsync(setOwnPin(env.deps, { userId: 'u-ken', pin: P2, confirmPin: P2 }));
    expect(error).toMatchObject({ code: 'PIN_LOCKED', details: { lockKind: 'system' } });
    expect(error.message).toMatch(/contact your administrator/i);
    expect((await info(env)).lockKind).toBe('system');
  });
});

describe('generatePin', () => {
  it.each([4, 5, 6, 9, 24])('makes MinPasswordLength (%i) digits that pass the strict rules', async (minPasswordLength) => {
    const env = envWith({ minPasswordLength });
    for (let i = 0; i < 10; i++) {
      const { pin, info: status } = await generatePin(env.deps, { user: KEN, actor: admin });
      expect(pin).toMatch(new RegExp(`^[0-9]{${minPasswordLength}}$`));
      expect(() => assertValidPin(pin, policy('global', { minPasswordLength }), ken)).not.toThrow();
      expect(status).toMatchObject({ isPinSet: true, lastChangeMethod: 'admin_generated', lastChangedBy: 'Alex Admin' });
      expect(await logon(env, pin)).toMatchObject({ result: 'accepted' });
    }
  });

  it('never makes a common pattern, even where the policy allows them', async () => {
    // Scripted draws: repeating, consecutive, Ken's line URI, the shipped list, then a good one.
    const random = scriptedDigits('22222', '12345', '55501', '25800', '40817', '58203');
    const env = envWith({ allowCommonPatterns: true }, random);
    expect(findCommonPatterns('40817', ken)).toEqual([]);
    const { pin } = await generatePin(env.deps, { user: KEN, actor: admin });
    expect(pin).toBe('40817');
    expect(random.draws()).toBe(25);
  });

  it('never makes a PIN that is in the history', async () => {
    const env = envWith({ pinHistoryCount: 3 });
    await setPin(env.deps, { user: KEN, pin: '47192', actor: admin });
    env.clock.advance(MINUTE);
    await setPin(env.deps, { user: KEN, pin: '58203', actor: admin });
    // The first two draws are the two PINs in the history; the third is new.
    const random = scriptedDigits('47192', '58203', '30571');
    env.deps.randomInt = random;
    env.hasher.resetCalls();
    const { pin } = await generatePin(env.deps, { user: KEN, actor: admin });
    expect(pin).toBe('30571');
    expect(random.draws()).toBe(15);
    expect(env.hasher.calls.verify).toBeGreaterThanOrEqual(2);
    expect(await logon(env, '30571')).toMatchObject({ result: 'accepted' });
  });

  it('refuses a locked PIN (PIN_LOCKED)', async () => {
    const env = envWith();
    await setPin(env.deps, { user: KEN, pin: P1, actor: admin });
    await lockPin(env.deps, { user: KEN, actor: admin });
    expect(await pinErrorOfAsync(generatePin(env.deps, { user: KEN, actor: admin }))).toMatchObject({ code: 'PIN_LOCKED' });
  });

  it('gives up with an error, not a hang, when the random source is broken', async () => {
    const env = envWith({}, () => 7);
    await expect(generatePin(env.deps, { user: KEN, actor: admin })).rejects.toThrow(/random source/);
    expect(env.store.data().states.has('u-ken')).toBe(false);
  });
});

describe('audit of PIN changes', () => {
  it('set, generate, self-service set, lock and unlock are audited, and no PIN or hash is in the trail', async () => {
    const env = envWith({ pinHistoryCount: 2 }, scriptedDigits('58203'));
    const pins: string[] = [];
    const hashes: string[] = [];
    const remember = () => hashes.push(env.store.data().states.get('u-ken')!.pinHash!);

    pins.push((await setPin(env.deps, { user: KEN, pin: P1, actor: admin, context: { sourceAddress: '198.51.100.4' } })).pin);
    remember();
    pins.push((await generatePin(env.deps, { user: KEN, actor: admin })).pin);
    remember();
    pins.push((await setOwnPin(env.deps, { userId: 'u-ken', pin: P3, confirmPin: P3 })).pin);
    remember();
    await lockPin(env.deps, { user: KEN, actor: admin });
    await unlockPin(env.deps, { user: KEN, actor: admin });
    // Failed attempts are not in the trail either.
    await pinErrorOfAsync(setPin(env.deps, { user: KEN, pin: '225577', actor: admin }));
    await pinErrorOfAsync(setOwnPin(env.deps, { userId: 'u-ken', pin: P4, confirmPin: '407162' }));
    await pinErrorOfAsync(setOwnPin(env.deps, { userId: 'u-ken', pin: P3, confirmPin: P3 }));

    expect(pins).toEqual([P1, '58203', P3]);
    const audit = env.store.data().audit;
    expect(audit.map((e) => [e.action, e.details?.method ?? null])).toEqual([
      ['pin.set', 'admin_set'],
      ['pin.set', 'admin_generated'],
      ['pin.set', 'self_service'],
      ['pin.locked', null],
      ['pin.unlocked', null],
    ]);
    expect(audit[0]).toMatchObject({
      actor: admin,
      target: { type: 'user', id: 'u-ken', name: 'sip:kenmyer@litwareinc.com' },
      outcome: 'success',
      context: { sourceAddress: '198.51.100.4' },
    });
    const text = JSON.stringify(audit);
    for (const secret of [...pins, '225577', P4, '407162', ...hashes]) expect(text).not.toContain(secret);
  });
});
