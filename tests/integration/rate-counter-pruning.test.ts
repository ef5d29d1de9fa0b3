/**
 * Rate counters do not pile up (issue 18 item 11): counters whose window is over — sign-in
 * per account and address, bridge rates, dial-in tests — are deleted by the job runner's
 * sweep in bounded batches; counters of live windows stay and keep counting.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { addToWindowCounter } from '../../lib/db/window-counters';
import { insertInto } from '../../lib/db/sql';
import { counterWindows, pruneExpiredCounters } from '../../lib/db/window-counter-sweep';
import { startBulkJobRunner } from '../../lib/jobs/runner';
import { createPinVault } from '../../lib/jobs/pin-vault';
import { countingHasher, db, handle, pepper, store, target } from './helpers';

const now = Date.UTC(2026, 11, 4, 12, 0, 0);
const HOUR = 60 * 60 * 1000;

/** A counter of the family `prefix` names whose window started `ago` ms before now. */
async function counter(prefix: string, ago: number) {
  const key = `${prefix}${randomUUID()}`;
  await addToWindowCounter(handle, key, now - ago, 1);
  return key;
}

const exists = async (key: string) => (await db.rateLimitBucket.count({ where: { key } })) === 1;

afterAll(async () => {
  await db.rateLimitBucket.deleteMany({ where: { key: { startsWith: 'pruning-test:' } } });
});

describe(`rate counter pruning on ${target.provider}`, () => {
  it('deletes the counters of windows that are over, keeps live ones and keys of no known family', async () => {
    const { signIn, bridge, dialInTest } = counterWindows;
    const expired = [
      await counter(`${signIn.prefix}account:`, HOUR),
      await counter(`${signIn.prefix}address:`, 2 * HOUR),
      await counter(bridge.prefix, 10 * 60_000),
      await counter(dialInTest.prefix, 26 * HOUR),
    ];
    const live = [
      await counter(`${signIn.prefix}account:`, 5 * 60_000),
      await counter(bridge.prefix, 0),
      // Just ended: kept for a grace minute, for instances whose clocks are a little behind.
      await counter(bridge.prefix, 60_000 + 30_000),
      await counter(dialInTest.prefix, 20 * HOUR),
      await counter('pruning-test:', 400 * 24 * HOUR),
    ];
    expect(await pruneExpiredCounters(handle, now)).toBeGreaterThanOrEqual(expired.length);
    for (const key of expired) expect(await exists(key)).toBe(false);
    for (const key of live) expect(await exists(key)).toBe(true);
    // A live counter keeps its count.
    expect(await addToWindowCounter(handle, live[0], now - 5 * 60_000, 1)).toBe(2);
  });

  it('deletes more expired counters than one batch holds, in bounded statements', async () => {
    const family = `${counterWindows.signIn.prefix}address:bulk-${randomUUID()}:`;
    for (let i = 0; i < 2_500; i += 500) {
      const rows = Array.from({ length: 500 }, (_, n) => ({ key: `${family}${i + n}`, windowStart: now - 3 * HOUR, count: 1 }));
      await handle.executor.execute(insertInto('rate_limit_bucket', { key: 'key', windowStart: 'window_start', count: 'count' }, rows));
    }
    expect(await db.rateLimitBucket.count({ where: { key: { startsWith: family } } })).toBe(2_500);
    await pruneExpiredCounters(handle, now);
    expect(await db.rateLimitBucket.count({ where: { key: { startsWith: family } } })).toBe(0);
  });

  it("the job runner's sweep prunes them", async () => {
    const expired = await counter(counterWindows.bridge.prefix, HOUR);
    const live = await counter(counterWindows.bridge.prefix, 0);
    const runner = startBulkJobRunner({
      handle,
      deps: { store, hasher: countingHasher(), clock: { now: () => now } },
      vault: createPinVault(pepper),
      pollMs: 20,
    });
    const deadline = Date.now() + 10_000;
    while ((await exists(expired)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await runner.stop();
    expect(await exists(expired)).toBe(false);
    expect(await exists(live)).toBe(true);
  });
});
