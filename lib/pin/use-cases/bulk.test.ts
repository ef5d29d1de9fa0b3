/** Bulk operations: the WhatIf plan, the prepared PIN, and the re-checked change. */
import { describe, expect, it } from 'vitest';
import { admin, createTestEnv, HOUR, kenMyer, pilarAckerman, policy, scriptedDigits, smiths, T0 } from '../testing/fixtures';
import { emptyPinState, type PinStateRecord } from '../types';
import { applyBulkChange, bulkVerdict, checkBulkOptions, planBulk, prepareBulkPin, type BulkOptions } from './bulk';
import { getPinInfo } from './get-pin-info';
import { lockPin } from './lock-pin';
import { setPin } from './set-pin';
import { verifyPinLogon } from './verify-pin-logon';

const noOptions: BulkOptions = { unlockLocked: false, policy: null, existingPins: 'replace' };
const locked: PinStateRecord = { ...emptyPinState, pinHash: 'h', pinLength: 5, adminLockedAt: T0 - HOUR };
const tempLocked: PinStateRecord = { ...emptyPinState, pinHash: 'h', pinLength: 5, lockedUntil: T0 + HOUR };

describe('planBulk (the WhatIf)', () => {
  it('set PIN: counts users changed, locked and disabled in one sentence', () => {
    const subjects = [
      { user: kenMyer(), state: null },
      { user: pilarAckerman(), state: locked },
      { user: smiths()[0], state: tempLocked },
      { user: smiths()[1], state: null },
      { user: { ...smiths()[2], enabled: false }, state: null },
    ];
    const plan = planBulk('set-pin', noOptions, subjects, T0);
    expect(plan).toMatchObject({ total: 5, changed: 2, skipped: { locked: 2, disabled: 1, 'already-locked': 0 }, unlocked: 0 });
    expect(plan.summary).toBe(
      '2 users will get a new PIN; 2 users are locked and will be skipped unless you also unlock them; 1 user is disabled and will be skipped.',
    );

    const withUnlock = planBulk('set-pin', { ...noOptions, unlockLocked: true }, subjects, T0);
    expect(withUnlock).toMatchObject({ changed: 4, unlocked: 2, skipped: { locked: 0, disabled: 1 } });
    expect(withUnlock.summary).toBe(
      '4 users will get a new PIN (2 existing PINs replaced, 2 locked PINs unlocked first); 1 user is disabled and will be skipped.',
    );
  });

  it('set PIN: "keep" skips users who have a PIN (locked ones included) and says so; "replace" counts what it replaces', () => {
    const withPin: PinStateRecord = { ...emptyPinState, pinHash: 'h', pinLength: 5 };
    const subjects = [
      { user: kenMyer(), state: null },
      { user: pilarAckerman(), state: withPin },
      { user: smiths()[0], state: locked },
      { user: smiths()[1], state: { ...emptyPinState, adminLockedAt: T0 - HOUR } },
      { user: { ...smiths()[2], enabled: false }, state: withPin },
    ];
    const keep = planBulk('set-pin', { ...noOptions, existingPins: 'keep' }, subjects, T0);
    expect(keep).toMatchObject({ total: 5, changed: 1, replaced: 0, skipped: { 'has-pin': 2, locked: 1, disabled: 1 } });
    expect(keep.summary).toBe(
      '1 user will get a new PIN; 2 users have a PIN already and will keep it; 1 user is locked and will be skipped unless you also unlock them; 1 user is disabled and will be skipped.',
    );
    const replace = planBulk('set-pin', noOptions, subjects, T0);
    expect(replace).toMatchObject({ total: 5, changed: 2, replaced: 1, skipped: { 'has-pin': 0, locked: 2, disabled: 1 } });
    expect(replace.summary).toMatch(/^2 users will get a new PIN \(1 existing PIN replaced\);/);
    expect(bulkVerdict('set-pin', { ...noOptions, existingPins: 'keep' }, { user: pilarAckerman(), state: withPin }, T0)).toEqual({
      code: 'has-pin',
      reason: 'Already has a PIN.',
    });
    // "keep" means nothing to the other operations.
    expect(bulkVerdict('lock', { ...noOptions, existingPins: 'keep' }, { user: pilarAckerman(), state: withPin }, T0)).toBeNull();
  });

  it('a temporary lockout that has ended does not count as locked', () => {
    const ended = { ...tempLocked, lockedUntil: T0 - 1 };
    expect(bulkVerdict('set-pin', noOptions, { user: kenMyer(), state: ended }, T0)).toBeNull();
    expect(bulkVerdict('set-pin', noOptions, { user: kenMyer(), state: tempLocked }, T0)).toMatchObject({ code: 'locked' });
  });

  it('lock, unlock and assign policy say what they change', () => {
    const subjects = [
      { user: kenMyer(), state: locked },
      { user: pilarAckerman(), state: null },
      { user: smiths()[0], state: tempLocked },
    ];
    expect(planBulk('lock', noOptions, subjects, T0).summary).toBe('2 PINs will be locked; 1 is locked already and will be left as they are.');
    expect(planBulk('unlock', noOptions, subjects, T0).summary).toBe('3 PINs will be unlocked and their failure counts reset (2 are locked now).');
    const granted = [
      { user: kenMyer({ grantedPolicy: 'tag:Finance' }), state: null },
      { user: pilarAckerman(), state: null },
    ];
    expect(planBulk('assign-policy', { ...noOptions, policy: 'tag:Finance' }, granted, T0).summary).toBe(
      '2 users will be assigned tag:Finance (1 has it already).',
    );
    // Disabled accounts still take lock, unlock and policy changes.
    expect(bulkVerdict('lock', noOptions, { user: { ...kenMyer(), enabled: false }, state: null }, T0)).toBeNull();
  });
});

describe('checkBulkOptions', () => {
  it('accepts an existing per-user policy and refuses site, global and unknown ones', async () => {
    const env = createTestEnv({ policies: [policy('tag:Finance'), policy('site:Redmond')] });
    await expect(checkBulkOptions(env.store, 'assign-policy', { policy: 'Finance' })).resolves.toEqual({ ...noOptions, policy: 'tag:Finance' });
    await expect(checkBulkOptions(env.store, 'assign-policy', { policy: null })).resolves.toEqual(noOptions);
    await expect(checkBulkOptions(env.store, 'assign-policy', { policy: 'site:Redmond' })).rejects.toMatchObject({ code: 'POLICY_INVALID' });
    await expect(checkBulkOptions(env.store, 'assign-policy', { policy: 'tag:Nope' })).rejects.toMatchObject({ code: 'POLICY_NOT_FOUND' });
    // unlockLocked only means something for Set PIN.
    await expect(checkBulkOptions(env.store, 'lock', { unlockLocked: true })).resolves.toEqual(noOptions);
  });

  it('existing PINs: "keep" only for Set PIN; absent means keep, so replacing has to be asked for', async () => {
    const env = createTestEnv();
    await expect(checkBulkOptions(env.store, 'set-pin', { existingPins: 'keep' })).resolves.toMatchObject({ existingPins: 'keep' });
    await expect(checkBulkOptions(env.store, 'set-pin', {})).resolves.toMatchObject({ existingPins: 'keep' });
    await expect(checkBulkOptions(env.store, 'set-pin', { existingPins: 'replace' })).resolves.toMatchObject({ existingPins: 'replace' });
    await expect(checkBulkOptions(env.store, 'lock', { existingPins: 'keep' })).resolves.toMatchObject({ existingPins: 'replace' });
  });
});

describe('prepareBulkPin + applyBulkChange', () => {
  it('stores the prepared PIN, audits it with the job id and no PIN, and the PIN logs on', async () => {
    const env = createTestEnv({ randomInt: scriptedDigits('40719') });
    const prepared = await prepareBulkPin(env.deps, kenMyer(), { minPasswordLength: 5 }, []);
    expect(prepared.pin).toBe('40719');
    expect(env.store.data().states.get('u-ken')).toBeUndefined();

    const skip = await env.store.transaction((tx) =>
      applyBulkChange(tx, { kind: 'set-pin', options: noOptions, user: kenMyer(), prepared, actor: admin, now: T0, jobId: 'job-1' }),
    );
    expect(skip).toBeNull();
    expect(env.store.data().audit.at(-1)).toMatchObject({ action: 'pin.set', details: { method: 'admin_generated', jobId: 'job-1' } });
    expect(JSON.stringify(env.store.data().audit)).not.toContain('40719');
    const logon = await verifyPinLogon(env.deps, { identity: '100', pin: '40719', actor: admin });
    expect(logon.result).toBe('accepted');
  });

  it('never draws a PIN from the history it is given', async () => {
    const env = createTestEnv({ randomInt: scriptedDigits('40719', '52806') });
    await setPin(env.deps, { user: { userId: 'u-ken' }, pin: '40719', actor: admin });
    const history = await env.store.getPinHistory('u-ken', 5);
    expect((await prepareBulkPin(env.deps, kenMyer(), { minPasswordLength: 5 }, history)).pin).toBe('52806');
  });

  it('re-checks inside the transaction: a PIN locked after the WhatIf is skipped, not overwritten', async () => {
    const env = createTestEnv({ randomInt: scriptedDigits('40719') });
    await setPin(env.deps, { user: { userId: 'u-ken' }, pin: '52806', actor: admin });
    const prepared = await prepareBulkPin(env.deps, kenMyer(), { minPasswordLength: 5 }, []);
    await lockPin(env.deps, { user: { userId: 'u-ken' }, actor: admin });
    const hash = env.store.data().states.get('u-ken')!.pinHash;

    const skip = await env.store.transaction((tx) =>
      applyBulkChange(tx, { kind: 'set-pin', options: noOptions, user: kenMyer(), prepared, actor: admin, now: T0, jobId: 'job-1' }),
    );
    expect(skip).toMatchObject({ code: 'locked' });
    expect(env.store.data().states.get('u-ken')!.pinHash).toBe(hash);
  });

  it('re-checks inside the transaction: with "keep", a PIN set after the WhatIf is kept, not replaced', async () => {
    const env = createTestEnv({ randomInt: scriptedDigits('40719') });
    const prepared = await prepareBulkPin(env.deps, kenMyer(), { minPasswordLength: 5 }, []);
    await setPin(env.deps, { user: { userId: 'u-ken' }, pin: '52806', actor: admin });
    const keep = { kind: 'set-pin' as const, options: { ...noOptions, existingPins: 'keep' as const }, user: kenMyer(), prepared, actor: admin, now: T0 };
    expect(await env.store.transaction((tx) => applyBulkChange(tx, { ...keep, jobId: 'job-1' }))).toEqual({ code: 'has-pin', reason: 'Already has a PIN.' });
    expect(await verifyPinLogon(env.deps, { identity: '100', pin: '52806', actor: admin })).toMatchObject({ result: 'accepted' });
  });

  it('with "also unlock", a locked PIN is unlocked (audited) and then set', async () => {
    const env = createTestEnv({ randomInt: scriptedDigits('40719') });
    await lockPin(env.deps, { user: { userId: 'u-ken' }, actor: admin });
    const prepared = await prepareBulkPin(env.deps, kenMyer(), { minPasswordLength: 5 }, []);
    await env.store.transaction((tx) =>
      applyBulkChange(tx, { kind: 'set-pin', options: { ...noOptions, unlockLocked: true }, user: kenMyer(), prepared, actor: admin, now: T0, jobId: 'j' }),
    );
    expect(
      env.store
        .data()
        .audit.slice(-2)
        .map((e) => e.action),
    ).toEqual(['pin.unlocked', 'pin.set']);
    expect(await getPinInfo(env.deps, { user: { userId: 'u-ken' } })).toMatchObject({ isPinSet: true, isLockedOut: false });
  });

  it('lock, unlock and assign policy write what the single-user use cases write', async () => {
    const env = createTestEnv({ policies: [policy('tag:Finance')] });
    const change = { options: noOptions, user: kenMyer(), actor: admin, now: T0, jobId: 'j' };
    await env.store.transaction((tx) => applyBulkChange(tx, { ...change, kind: 'lock' }));
    expect(env.store.data().states.get('u-ken')).toMatchObject({ adminLockedAt: T0 });
    expect(await env.store.transaction((tx) => applyBulkChange(tx, { ...change, kind: 'lock' }))).toMatchObject({ code: 'already-locked' });
    await env.store.transaction((tx) => applyBulkChange(tx, { ...change, kind: 'unlock' }));
    expect(env.store.data().states.get('u-ken')).toMatchObject({ adminLockedAt: null });
    await env.store.transaction((tx) => applyBulkChange(tx, { ...change, kind: 'assign-policy', options: { ...noOptions, policy: 'tag:Finance' } }));
    expect(env.store.data().users.find((u) => u.id === 'u-ken')!.grantedPolicy).toBe('tag:Finance');
    expect(env.store.data().audit.map((e) => e.action)).toEqual(['pin.locked', 'pin.unlocked', 'pin_policy.granted']);
  });
});
