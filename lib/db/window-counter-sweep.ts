/**
 * Every family of fixed-window counters in rate_limit_bucket, by key prefix, with its window
 * length — and the sweep that deletes counters whose window is long over, so the table does
 * not grow with every email, address or bridge ever counted. One list, so a new counter
 * cannot be forgotten by the sweep.
 */
import { DIAL_IN_TEST_KEY_PREFIX, DIAL_IN_TEST_WINDOW_MS } from '../pin/use-cases/dial-in-test';
import type { DbHandle } from './client';
import { sql } from './sql';

type CounterWindow = { prefix: string; windowMs: number };

export const counterWindows = {
  /** Sign-in attempts per account and per source address (lib/auth/sign-in.ts). */
  signIn: { prefix: 'signin:', windowMs: 15 * 60 * 1000 },
  /** A bridge's requests per minute (lib/api/pin-logon-handler.ts, bridge-request-quota.ts). */
  bridge: { prefix: 'bridge:', windowMs: 60_000 },
  /** Dial-in tests per administrator and per administrator and user (lib/pin/use-cases/dial-in-test.ts). */
  dialInTest: { prefix: DIAL_IN_TEST_KEY_PREFIX, windowMs: DIAL_IN_TEST_WINDOW_MS },
} as const satisfies Record<string, CounterWindow>;

/**
 * A counter is deleted once its window ended this long ago: instances whose clocks are a
 * little behind still count in a window the sweeper's clock has left.
 */
const GRACE_MS = 60_000;
/** Rows per DELETE (a short statement: it never holds the table for long), and statements per sweep. */
const BATCH = 2_000;
const MAX_BATCHES = 10;

/**
 * Deletes expired counters of every family, a bounded batch at a time; returns how many.
 * The outer condition repeats the window test, so a row renewed into a new window between
 * the subquery and the delete (PostgreSQL re-checks it on the updated row) is kept.
 */
export async function pruneExpiredCounters({ executor }: DbHandle, now: number): Promise<number> {
  let deleted = 0;
  for (const { prefix, windowMs } of Object.values(counterWindows)) {
    const endedBefore = now - windowMs - GRACE_MS;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const count = await executor.execute(
        sql`DELETE FROM rate_limit_bucket
         WHERE key IN (SELECT key FROM rate_limit_bucket WHERE key LIKE ${`${prefix}%`} AND window_start <= ${endedBefore} LIMIT ${BATCH})
           AND window_start <= ${endedBefore}`,
      );
      deleted += count;
      if (count < BATCH) break;
    }
  }
  return deleted;
}
