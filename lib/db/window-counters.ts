/**
 * Fixed-window request counters in the database, so limits hold across app instances:
 * sign-in attempts per account and per address, bridge requests per bridge.
 */
import type { DbHandle } from './client';
import { sql } from './sql';

/**
 * Adds `amount` to `key`'s counter for the window starting at `windowStart` and returns the
 * counter: one atomic upsert, so limits hold across app instances. A counter already in a
 * later window (an instance whose clock is ahead) keeps counting there, never reset back to
 * an earlier one.
 */
export async function addToWindowCounter({ executor }: DbHandle, key: string, windowStart: number, amount: number): Promise<number> {
  const [row] = await executor.query<{ count: number | string }>(
    sql`INSERT INTO rate_limit_bucket (key, window_start, count) VALUES (${key}, ${windowStart}, ${amount})
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN rate_limit_bucket.window_start >= excluded.window_start THEN rate_limit_bucket.count + excluded.count ELSE excluded.count END,
       window_start = CASE WHEN rate_limit_bucket.window_start > excluded.window_start THEN rate_limit_bucket.window_start ELSE excluded.window_start END
     RETURNING count`,
    { prepared: true },
  );
  return Number(row.count);
}

/** The fixed window `now` falls in, and the whole seconds until the next one begins (at least 1). */
export function fixedWindow(now: number, windowMs: number): { windowStart: number; retryAfterSeconds: number } {
  const windowStart = now - (now % windowMs);
  return { windowStart, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)) };
}

/** Counts one request in a fixed window and returns the count. */
export async function countRequest(handle: DbHandle, key: string, windowMs: number, now = Date.now()): Promise<{ count: number; retryAfterSeconds: number }> {
  const { windowStart, retryAfterSeconds } = fixedWindow(now, windowMs);
  return { count: await addToWindowCounter(handle, key, windowStart, 1), retryAfterSeconds };
}

/** countRequest on one database, in the shape lib/pin's use cases take a counter (the Dial-in test's bound). */
export const windowCounterOn =
  (handle: DbHandle) =>
  (key: string, windowMs: number, now: number): Promise<{ count: number; retryAfterSeconds: number }> =>
    countRequest(handle, key, windowMs, now);

/** Gives back one counted request (an attempt that turned out fine does not count against the limit). */
export async function refundRequest({ db }: DbHandle, key: string): Promise<void> {
  await db.rateLimitBucket.updateMany({ where: { key, count: { gt: 0 } }, data: { count: { decrement: 1 } } });
}

export async function clearRequests({ db }: DbHandle, key: string): Promise<void> {
  await db.rateLimitBucket.deleteMany({ where: { key } });
}
