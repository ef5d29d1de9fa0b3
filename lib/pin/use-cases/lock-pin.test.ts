/** Lock-CsClientPin / Unlock-CsClientPin and Get-CsClientPinInfo. */
import { describe, expect, it } from 'vitest';
import { admin, bridge, createTestEnv, DAY, HOUR, policy, T0, type TestEnv } from '../testing/fixtures';
import { getPinInfo, getPinInfoWithLine } from './get-pin-info';
import { lockPin, unlockPin } from './lock-pin';
import { setOwnPin, setPin } from './set-pin';
import { verifyPinLogon } from './verify-pin-logon';

const KEN = { identity: 'sip:kenmyer@litwareinc.com' };
const logon = (env: TestEnv, pin: string) => verifyPinLogon(env.deps, { identity: '100', pin, actor: bridge });

describe('lockPin / unlockPin', () => {
  it('lock keeps the PIN and shows the admin lock; unlock lifts it; both are audited without the PIN', async () => {
    const env = createTestEnv();
    await setPin(env.deps, { user: KEN, pin: '135790', actor: admin });
    const hash = env.store.data().states.get('u-ken')!.pinHash!;

    const locked = await lockPin(env.deps, { user: KEN, actor: admin, context: { sourceAddress: '203.0.113.5' } });
    expect(locked).toMatchObject({ isLockedOut: true, lockKind: 'admin', lockedOutUntil: null, isPinSet: true, wasLocked: false });
    expect(env.store.data().states.get('u-ken')).toMatchObject({ pinHash: hash, adminLockedAt: T0, adminLockedBy: 'Alex Admin' });
    expect(env.store.data().audit.at(-1)).toMatchObject({
      action: 'pin.locked',
      actor: admin,
      target: { id: 'u-ken' },
      context: { sourceAddress: '203.0.113.5' },
    });

    const unlocked = await unlockPin(env.deps, { user: KEN, actor: admin });
    expect(unlocked).toMatchObject({ isLockedOut: false, lockKind: null, isPinSet: true, wasLocked: true });
    expect(env.store.data().states.get('u-ken')!.pinHash).toBe(hash);
    expect(env.store.data().audit.at(-1)).toMatchObject({ action: 'pin.unlocked', details: { lockKind: 'admin' } });

    const text = JSON.stringify(env.store.data().audit);
    expect(text).not.toContain('135790');
    expect(text).not.toContain(hash);
  });

  it('locking a locked PIN is a no-op that keeps the first lock', async () => {
    const env = createTestEnv();
    await setPin(env.deps, { user: KEN, pin: '135790', actor: admin });
    await lockPin(env.deps, { user: KEN, actor: admin });
    env.clock.advance(HOUR);
    const again = await lockPin(env.deps, { user: KEN, actor: { type: 'user', id: 'u-other', name: 'Other Admin' } });
    expect(again.wasLocked).toBe(true);
    expect(env.store.data().states.get('u-ken')).toMatchObject({ adminLockedAt: T0, adminLockedBy: 'Alex Admin' });
    expect(env.store.data().audit.at(-1)).toMatchObject({ action: 'pin.locked', details: { alreadyLocked: true } });
  });

  it('unlock lifts a temporary lockout and resets the counts', async () => {
    const env = createTestEnv({ policies: [policy('global', { maximumLogonAttempts: 2 })] });
    await setPin(env.deps, { user: KEN, pin: '135790', actor: admin });
    await logon(env, '135791');
    await logon(env, '135791');
    expect((await getPinInfo(env.deps, { user: KEN })).lockKind).toBe('temporary');
    const unlocked = await unlockPin(env.deps, { user: KEN, actor: admin });
    expect(unlocked).toMatchObject({ isLockedOut: false, localFailures: 0, globalFailures: 0, wasLocked: true });
    expect(env.store.data().audit.at(-1)).toMatchObject({ action: 'pin.unlocked', details: { lockKind: 'temporary', localFailures: 2, globalFailures: 2 } });
    expect(await logon(env, '135790')).toMatchObject({ result: 'accepted' });
    expect((await unlockPin(env.deps, { user: KEN, actor: admin })).wasLocked).toBe(false);
  });

  it('a user may be locked before any PIN is set', async () => {
    const env = createTestEnv();
    expect(await lockPin(env.deps, { user: KEN, actor: admin })).toMatchObject({ isPinSet: false, lockKind: 'admin' });
  });
});

describe('getPinInfo', () => {
  it('getPinInfoWithLine adds the line URI and extension to the same status', async () => {
    const env = createTestEnv();
    await lockPin(env.deps, { user: KEN, actor: admin });
    const info = await getPinInfo(env.deps, { user: KEN });
    expect(await getPinInfoWithLine(env.deps, { user: KEN })).toEqual({ ...info, lineUri: 'tel:+14255550100;ext=100', extension: '100' });
  });

  it('reports an unset PIN', async () => {
    const env = createTestEnv();
    expect(await getPinInfo(env.deps, { user: KEN })).toMatchObject({
      identity: 'sip:kenmyer@litwareinc.com',
      userId: 'u-ken',
      displayName: 'Ken Myer',
      isPinSet: false,
      isLockedOut: false,
      lockKind: null,
      lastPinChangeTime: null,
      pinExpirationTime: null,
      isExpired: false,
      localFailures: 0,
      globalFailures: 0,
      lastChangedBy: null,
      lastChangeMethod: null,
      effectivePolicy: 'global',
      policySource: 'global',
    });
  });

  it('reports change time, who and how, and expiry under the current policy', async () => {
    const env = createTestEnv({ policies: [policy('global', { pinLifetime: 7, pinHistoryCount: 1 })] });
    env.clock.advance(HOUR);
    await setOwnPin(env.deps, { userId: 'u-ken', pin: '135790' });
    env.clock.advance(7 * DAY - 1);
    const info = await getPinInfo(env.deps, { user: KEN });
    expect(info).toMatchObject({
      isPinSet: true,
      lastPinChangeTime: T0 + HOUR,
      pinExpirationTime: T0 + HOUR + 7 * DAY,
      isExpired: false,
      lastChangedBy: 'Ken Myer',
      lastChangeMethod: 'self_service',
    });
    env.clock.advance(1);
    expect((await getPinInfo(env.deps, { user: KEN })).isExpired).toBe(true);
  });

  it('never contains the PIN or its hash', async () => {
    const env = createTestEnv();
    await setPin(env.deps, { user: KEN, pin: '135790', actor: admin });
    const text = JSON.stringify(await getPinInfo(env.deps, { user: KEN }));
    expect(text).not.toContain('135790');
    expect(text).not.toContain(env.store.data().states.get('u-ken')!.pinHash!);
  });
});
