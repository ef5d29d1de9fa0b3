import { describe, expect, it } from 'vitest';
import { activityOf, logonOutcomeOf, type CountedEvent } from './activity-of-events';
import { hourOf } from './overview-types';

const at = Date.UTC(2026, 11, 7, 9, 41, 7);
const hour = Date.UTC(2026, 11, 7, 9);
const bridge = { type: 'bridge', id: 'b1' };
const user = { type: 'user', id: 'u1' };
const logon = (outcome: 'success' | 'failure', details: Record<string, unknown>, extra: Partial<CountedEvent> = {}): CountedEvent => ({
  at,
  action: 'pin.logon',
  outcome,
  actor: bridge,
  target: user,
  details,
  ...extra,
});

describe('logonOutcomeOf', () => {
  it.each([
    ['success', undefined, 'accepted'],
    ['failure', 'wrong-pin', 'wrongPin'],
    ['failure', 'locked-temporary', 'locked'],
    ['failure', 'locked-system', 'locked'],
    ['failure', 'locked-admin', 'locked'],
    ['failure', 'unknown-identity', 'unknownCaller'],
    ['failure', 'ambiguous-identity', 'unknownCaller'],
    ['failure', 'user-disabled', 'noUsablePin'],
    ['failure', 'pin-not-set', 'noUsablePin'],
    ['failure', 'pin-expired', 'noUsablePin'],
  ])('%s / %s → %s', (outcome, reason, expected) => {
    expect(logonOutcomeOf(outcome, reason)).toBe(expected);
  });
});

describe('activityOf', () => {
  it('buckets by the UTC hour', () => {
    expect(hourOf(at)).toBe(hour);
    expect(hourOf(hour)).toBe(hour);
    expect(hourOf(hour - 1)).toBe(hour - 3_600_000);
  });

  it('counts an accepted logon once, and nobody as failing', () => {
    expect(activityOf([logon('success', {})])).toEqual([{ series: 'logon', hour, key: 'accepted', count: 1 }]);
  });

  it('counts a wrong PIN against the user and the bridge, and the lockout it started', () => {
    expect(activityOf([logon('failure', { reason: 'wrong-pin', lockTriggered: 'temporary' })])).toEqual([
      { series: 'logon', hour, key: 'wrongPin', count: 1 },
      { series: 'failed_user', hour, key: 'u1', count: 1 },
      { series: 'failed_bridge', hour, key: 'b1', count: 1 },
      { series: 'lockout', hour, key: 'temporary', count: 1 },
    ]);
  });

  it('counts an unknown caller without a user, and a dial-in test without a bridge', () => {
    expect(activityOf([logon('failure', { reason: 'unknown-identity' }, { target: undefined })])).toEqual([
      { series: 'logon', hour, key: 'unknownCaller', count: 1 },
      { series: 'failed_bridge', hour, key: 'b1', count: 1 },
    ]);
    expect(activityOf([logon('failure', { reason: 'wrong-pin' }, { actor: { type: 'user', id: 'admin' } })])).toEqual([
      { series: 'logon', hour, key: 'wrongPin', count: 1 },
      { series: 'failed_user', hour, key: 'u1', count: 1 },
    ]);
  });

  it('sums repeated keys, each key once', () => {
    const events = [logon('failure', { reason: 'wrong-pin' }), logon('failure', { reason: 'wrong-pin' }), logon('success', {}, { at: at + 3_600_000 })];
    expect(activityOf(events)).toEqual([
      { series: 'logon', hour, key: 'wrongPin', count: 2 },
      { series: 'failed_user', hour, key: 'u1', count: 2 },
      { series: 'failed_bridge', hour, key: 'b1', count: 2 },
      { series: 'logon', hour: hour + 3_600_000, key: 'accepted', count: 1 },
    ]);
  });

  it('counts an administrator lock, but not locking a locked PIN again', () => {
    const lock = (details: Record<string, unknown>): CountedEvent => ({ at, action: 'pin.locked', outcome: 'success', actor: user, target: user, details });
    expect(activityOf([lock({})])).toEqual([{ series: 'lockout', hour, key: 'admin', count: 1 }]);
    expect(activityOf([lock({ alreadyLocked: true })])).toEqual([]);
  });

  it.each([
    [{ method: 'admin_set' }, 'adminSet'],
    [{ method: 'admin_generated' }, 'generated'],
    [{ method: 'self_service' }, 'selfService'],
    [{ method: 'admin_generated', jobId: 'job-1' }, 'bulk'],
    [{ method: 'admin_set', jobId: 'job-1' }, 'bulk'],
  ])('counts a PIN change %o as %s', (details, key) => {
    expect(activityOf([{ at, action: 'pin.set', outcome: 'success', actor: user, target: user, details }])).toEqual([
      { series: 'pin_change', hour, key, count: 1 },
    ]);
  });

  it('ignores failed changes, unknown methods and other events', () => {
    const events: CountedEvent[] = [
      { at, action: 'pin.set', outcome: 'failure', actor: user, details: { method: 'admin_set' } },
      { at, action: 'pin.set', outcome: 'success', actor: user, details: { method: 'telepathy' } },
      { at, action: 'pin.unlocked', outcome: 'success', actor: user, details: {} },
      { at, action: 'auth.signed_in', outcome: 'success', actor: user },
    ];
    expect(activityOf(events)).toEqual([]);
  });
});
