/**
 * Bridge request limits from reserved slices (lib/db/bridge-request-quota.ts): exact for small
 * limits, never over the limit across instances, a fresh allowance each window.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRequestQuota, sliceSize } from '../../lib/db/bridge-request-quota';
import { db, handle, target } from './helpers';

const WINDOW_MS = 60_000;
const windowStart = Date.UTC(2026, 10, 24, 9, 0, 0);

async function takeMany(quota: ReturnType<typeof createRequestQuota>, key: string, limit: number, count: number, now = windowStart + 1_000) {
  const answers = await Promise.all(Array.from({ length: count }, () => quota.take(handle, key, limit, WINDOW_MS, now)));
  return answers.filter((a) => a.allowed).length;
}

describe(`bridge request quota on ${target.provider}`, () => {
  it('slices are 1 % of the limit, from 1 to 50 requests', () => {
    expect([1, 5, 99, 100, 250, 600, 5_000, 1_000_000].map(sliceSize)).toEqual([1, 1, 1, 1, 2, 6, 50, 50]);
  });

  it('lets exactly the limit through in a window, refuses the rest with Retry-After until the window ends', async () => {
    const quota = createRequestQuota();
    const key = `bridge:${randomUUID()}`;
    expect(await takeMany(quota, key, 5, 8)).toBe(5);
    const refused = await quota.take(handle, key, 5, WINDOW_MS, windowStart + 15_000);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 45 });
    expect(await takeMany(quota, key, 5, 8, windowStart + WINDOW_MS + 1)).toBe(5);
  });

  it('two instances together never pass the limit, and lose at most one slice each to it', async () => {
    const [first, second] = [createRequestQuota(), createRequestQuota()];
    const key = `bridge:${randomUUID()}`;
    const limit = 1_000;
    let allowed = 0;
    for (let round = 0; round < 12; round++) {
      const [a, b] = await Promise.all([takeMany(first, key, limit, 50), takeMany(second, key, limit, 50)]);
      allowed += a + b;
    }
    expect(allowed).toBeLessThanOrEqual(limit);
    expect(allowed).toBeGreaterThanOrEqual(limit - 2 * (sliceSize(limit) - 1));
    const bucket = await db.rateLimitBucket.findUniqueOrThrow({ where: { key } });
    expect(bucket.count).toBeGreaterThanOrEqual(allowed);
  });

  it('an instance whose clock is behind never takes the counter back to its window', async () => {
    const [ahead, behind] = [createRequestQuota(), createRequestQuota()];
    const key = `bridge:${randomUUID()}`;
    const nextWindow = windowStart + WINDOW_MS + 1_000;
    expect(await takeMany(ahead, key, 5, 8, nextWindow)).toBe(5);
    // Still in the previous minute by its clock: it must not reset the counter and pass 5 more.
    expect(await takeMany(behind, key, 5, 8, windowStart + 59_000)).toBe(0);
    const bucket = await db.rateLimitBucket.findUniqueOrThrow({ where: { key } });
    expect(Number(bucket.windowStart)).toBe(windowStart + WINDOW_MS);
  });
});
