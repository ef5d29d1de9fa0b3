/**
 * Fixed-window counters in the database, so limits hold across app instances
 * (sign-in per account and per address; later bridge request rates).
 */
import type { Db } from '../db/client';

export type RateLimitResult = { allowed: boolean; count: number; retryAfterSeconds: number };

/**
 * Counts one hit on `key` in the current window and says whether it is within `limit`.
 * The upsert is a single statement, so concurrent hits from several instances all count.
 */
export async function hitRateLimit(db: Db, key: string, limit: number, windowMs: number, now = Date.now()): Promise<RateLimitResult> {
  const windowStart = BigInt(now - (now % windowMs));
  const row = await db.rateLimitBucket.upsert({
    where: { key },
    create: { key, windowStart, count: 1 },
    update: { count: { increment: 1 } },
  });
  let count = row.count;
  if (row.windowStart !== windowStart) {
    // A new window began: restart the count (a racing hit may be lost, which errs lenient by one).
    await db.rateLimitBucket.update({ where: { key }, data: { windowStart, count: 1 } });
    count = 1;
  }
  const retryAfterSeconds = Math.ceil((Number(windowStart) + windowMs - now) / 1000);
  return { allowed: count <= limit, count, retryAfterSeconds };
}

/** Gives back one hit (an attempt that turned out fine should not count against the limit). */
export async function refundRateLimit(db: Db, key: string): Promise<void> {
  await db.rateLimitBucket.updateMany({ where: { key, count: { gt: 0 } }, data: { count: { decrement: 1 } } });
}

export async function clearRateLimit(db: Db, key: string): Promise<void> {
  await db.rateLimitBucket.deleteMany({ where: { key } });
}
