import { describe, expect, it } from 'vitest';
import { pacedCalls, runFor } from './paced-load';

describe('pacedCalls', () => {
  it('calls each index once on an even schedule and reports each with its result', async () => {
    const reported: [number, string][] = [];
    const latencies: number[] = [];
    const started = performance.now();
    await pacedCalls(
      200,
      0.1,
      async (i) => `r${i}`,
      (i, latencyMs, result) => {
        latencies.push(latencyMs);
        reported.push([i, result]);
      },
    );
    // Not before it was due, give or take Node's timers, which count whole milliseconds.
    expect(Math.min(...latencies)).toBeGreaterThan(-2);
    expect(reported.sort((a, b) => a[0] - b[0])).toEqual(Array.from({ length: 20 }, (_, i) => [i, `r${i}`]));
    // The last call is due 19 / 200 s after the first.
    expect(performance.now() - started).toBeGreaterThanOrEqual(95 - 1);
  });

  it('counts a slow call from its scheduled time, so the calls queued behind it count their wait', async () => {
    const latencies: number[] = [];
    let busy = Promise.resolve();
    // One call at a time, each 20 ms, scheduled every 5 ms: the 10th waits for the 9 before it.
    await pacedCalls(
      200,
      0.05,
      (i) => (busy = busy.then(() => new Promise<void>((resolve) => setTimeout(resolve, 20)))).then(() => i),
      (i, latencyMs) => (latencies[i] = latencyMs),
    );
    expect(latencies[9]).toBeGreaterThanOrEqual(10 * 20 - 9 * 5 - 1);
  });
});

describe('runFor', () => {
  it('starts calls until the time is up, at the concurrency given', async () => {
    let inFlight = 0;
    let most = 0;
    const run = await runFor(0.1, 3, async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 10));
      inFlight--;
    });
    expect(most).toBe(3);
    expect(run.calls).toBeGreaterThanOrEqual(6);
    expect(run.seconds).toBeGreaterThanOrEqual(0.1 - 0.001);
  });
});
