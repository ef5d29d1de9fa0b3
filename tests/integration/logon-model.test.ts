/**
 * The atomic logon SQL of lib/db against its specification, lib/pin/lockout.ts: random
 * sequences of attempts, successes, time jumps and unlocks run on the real database and on
 * the pure model, and the stored state must equal the model's after every step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimAttempt, settleSuccess, type LogonLimits } from '../../lib/pin/lockout';
import { emptyPinState, type PinStateRecord } from '../../lib/pin/types';
import { createUser, db, store } from './helpers';

const step = fc.oneof(
  fc.record({ kind: fc.constant<'fail'>('fail'), advanceMs: fc.integer({ min: 0, max: 40 * 60_000 }) }),
  fc.record({ kind: fc.constant<'success'>('success'), advanceMs: fc.integer({ min: 0, max: 40 * 60_000 }) }),
  fc.record({ kind: fc.constant<'unlock'>('unlock'), advanceMs: fc.integer({ min: 0, max: 90 * 60_000 }) }),
);

const comparable = (s: PinStateRecord) => ({
  localFailures: s.localFailures,
  globalFailures: s.globalFailures,
  windowStart: s.windowStart,
  lockedUntil: s.lockedUntil,
  systemLockedAt: s.systemLockedAt,
  lastFailureAt: s.lastFailureAt,
});

describe('logon counting SQL equals lib/pin/lockout.ts', () => {
  it('after every step of random sequences', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 3, max: 12 }),
        async (steps, local, global) => {
          const limits: LogonLimits = { local, global };
          const user = await createUser();
          await db.pinState.create({ data: { userId: user.id, pinHash: 'x', pinLength: 5, pinSetAt: 0n } });
          let model: PinStateRecord = { ...emptyPinState, pinHash: 'x', pinLength: 5, pinSetAt: 0 };
          let now = Date.UTC(2026, 0, 1);
          for (const s of steps) {
            now += s.advanceMs;
            if (s.kind === 'unlock') {
              await store.transaction((tx) => tx.unlock(user.id));
              model = { ...model, adminLockedAt: null, systemLockedAt: null, lockedUntil: null, windowStart: null, localFailures: 0, globalFailures: 0 };
            } else {
              const expected = claimAttempt(model, now, limits);
              const claim = await store.claimLogonAttempt(user.id, now, limits);
              expect(claim).toEqual(expected?.claim ?? null);
              if (expected) model = expected.state;
              if (claim && expected && s.kind === 'success') {
                await store.settleLogonSuccess(user.id, now, claim);
                model = settleSuccess(model, now, expected.claim);
              }
            }
            const stored = await store.getPinState(user.id);
            expect(comparable(stored!)).toEqual(comparable(model));
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
