/**
 * The pure lockout functions. The behaviour through verifyPinLogon (with a clock and the
 * memory store) is in use-cases/verify-pin-logon.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { activeLock, claimAttempt, effectiveFailures, logonLimits, OBSERVATION_WINDOW_MS, settleSuccess, TEMPORARY_LOCKOUT_MS, type Claim } from './lockout';
import { HOUR, MINUTE, T0 } from './testing/fixtures';
import { emptyPinState, type PinStateRecord } from './types';

const withPin = (changes: Partial<PinStateRecord> = {}): PinStateRecord => ({
  ...emptyPinState,
  pinHash: 'h',
  pinLength: 5,
  pinSetAt: T0 - HOUR,
  ...changes,
});

describe('logonLimits', () => {
  it.each([
    [4, null, 10, 100],
    [5, null, 25, 1000],
    [6, null, 25, 5000],
    [7, null, 25, 5000],
    [24, null, 25, 5000],
    [4, 3, 3, 100],
    [4, 50, 50, 100],
    [5, 1, 1, 1000],
    [6, 999, 999, 5000],
  ])('PIN length %i, MaximumLogonAttempts %s → local %i, global %i', (length, max, local, global) => {
    expect(logonLimits(length, max)).toEqual({ local, global });
  });

  it('uses the documented window and lockout durations', () => {
    expect(OBSERVATION_WINDOW_MS).toBe(30 * MINUTE);
    expect(TEMPORARY_LOCKOUT_MS).toBe(HOUR);
  });
});

describe('activeLock', () => {
  it('ranks admin before system before temporary, and a temporary lock ends on time', () => {
    const all = withPin({ adminLockedAt: T0, systemLockedAt: T0, lockedUntil: T0 + HOUR });
    expect(activeLock(all, T0)).toEqual({ kind: 'admin', until: null });
    expect(activeLock({ ...all, adminLockedAt: null }, T0)).toEqual({ kind: 'system', until: null });
    const temporary = { ...all, adminLockedAt: null, systemLockedAt: null };
    expect(activeLock(temporary, T0 + HOUR - 1)).toEqual({ kind: 'temporary', until: T0 + HOUR });
    expect(activeLock(temporary, T0 + HOUR)).toBeNull();
    expect(activeLock(withPin(), T0)).toBeNull();
  });
});

describe('claimAttempt', () => {
  const limits = { local: 3, global: 5 };

  it('refuses (null) an unset or locked PIN, so it is neither counted nor checked', () => {
    expect(claimAttempt(emptyPinState, T0, limits)).toBeNull();
    expect(claimAttempt(withPin({ adminLockedAt: T0 }), T0, limits)).toBeNull();
    expect(claimAttempt(withPin({ systemLockedAt: T0 }), T0, limits)).toBeNull();
    expect(claimAttempt(withPin({ lockedUntil: T0 + 1 }), T0, limits)).toBeNull();
  });

  it('opens a window on the first failure and counts inside it', () => {
    const first = claimAttempt(withPin(), T0, limits)!;
    expect(first.state).toMatchObject({ windowStart: T0, localFailures: 1, globalFailures: 1, lastFailureAt: T0, lockedUntil: null });
    const second = claimAttempt(first.state, T0 + 29 * MINUTE, limits)!;
    expect(second.state).toMatchObject({ windowStart: T0, localFailures: 2, globalFailures: 2 });
  });

  it('starts a new window with local = 1 once the window has ended', () => {
    const first = claimAttempt(withPin(), T0, limits)!;
    const second = claimAttempt(first.state, T0 + 10 * MINUTE, limits)!;
    const later = claimAttempt(second.state, T0 + OBSERVATION_WINDOW_MS, limits)!;
    expect(later.state).toMatchObject({ windowStart: T0 + OBSERVATION_WINDOW_MS, localFailures: 1, globalFailures: 3 });
  });

  it('reaching the local limit starts a temporary lockout of one hour', () => {
    let state = withPin();
    let claim: Claim | undefined;
    for (let i = 0; i < 3; i++) ({ state, claim } = claimAttempt(state, T0 + i, limits)!);
    expect(claim).toEqual({ localFailures: 3, globalFailures: 3, triggeredTemporaryLock: true, triggeredSystemLock: false });
    expect(state.lockedUntil).toBe(T0 + 2 + HOUR);
    expect(claimAttempt(state, T0 + 2 + HOUR - 1, limits)).toBeNull();
    // When it ends, local starts again at 1; global keeps counting.
    const after = claimAttempt(state, T0 + 2 + HOUR, limits)!;
    expect(after.state).toMatchObject({ localFailures: 1, globalFailures: 4, lockedUntil: null });
  });

  it('reaching the global limit sets the system lock', () => {
    const { state, claim } = claimAttempt(withPin({ globalFailures: 4 }), T0, limits)!;
    expect(claim.triggeredSystemLock).toBe(true);
    expect(state.systemLockedAt).toBe(T0);
    expect(activeLock(state, T0 + 1000 * 24 * HOUR)?.kind).toBe('system');
  });
});

describe('settleSuccess', () => {
  it('resets local, gives back the claimed global failure and keeps the rest', () => {
    const before = withPin({ globalFailures: 7, localFailures: 2, windowStart: T0 - MINUTE });
    const { state, claim } = claimAttempt(before, T0, { local: 10, global: 100 })!;
    expect(state.globalFailures).toBe(8);
    const settled = settleSuccess(state, T0, claim);
    expect(settled).toMatchObject({ localFailures: 0, globalFailures: 7, windowStart: null, lastLogonAt: T0, lockedUntil: null, systemLockedAt: null });
  });

  it('lifts a lock that the same (correct) attempt triggered', () => {
    const { state, claim } = claimAttempt(withPin({ localFailures: 9, globalFailures: 99, windowStart: T0 }), T0, { local: 10, global: 100 })!;
    expect(claim.triggeredTemporaryLock && claim.triggeredSystemLock).toBe(true);
    const settled = settleSuccess(state, T0, claim);
    expect(activeLock(settled, T0)).toBeNull();
    expect(settled.globalFailures).toBe(99);
  });
});

describe('effectiveFailures', () => {
  it('drops local once the window or the lockout has ended, never global', () => {
    const open = withPin({ windowStart: T0, localFailures: 4, globalFailures: 9 });
    expect(effectiveFailures(open, T0 + 29 * MINUTE)).toEqual({ local: 4, global: 9 });
    expect(effectiveFailures(open, T0 + 30 * MINUTE)).toEqual({ local: 0, global: 9 });
    const locked = withPin({ windowStart: T0, localFailures: 10, globalFailures: 10, lockedUntil: T0 + HOUR });
    expect(effectiveFailures(locked, T0 + 59 * MINUTE)).toEqual({ local: 10, global: 10 });
    expect(effectiveFailures(locked, T0 + HOUR)).toEqual({ local: 0, global: 10 });
  });
});
