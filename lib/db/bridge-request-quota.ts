/**
 * A bridge's requests-per-minute limit without a database write per request. Each process
 * reserves a slice of the current window's allowance in one statement (the same fixed-window
 * counter as window-counters.ts, raised by the slice) and spends it locally; the next slice is
 * taken when it runs out. The counter in the database is always at least what every instance
 * has let through, so together they never exceed the limit. What a slice costs: an instance
 * may refuse up to one unused slice per other instance early in a window the bridge has
 * nearly used up. Slices are 1 % of the limit, 1 to 50 requests: exact for small limits, and
 * one statement per 50 requests for a busy bridge (bench/logon-http.ts).
 */
import type { DbHandle } from './client';
import { addToWindowCounter, fixedWindow } from './window-counters';
import { processSingleton } from '../runtime/process-singleton';

const SLICE_FRACTION = 0.01;
const SLICE_MAX = 50;

type Slice = { windowStart: number; remaining: number; windowUsedUp: boolean };

export type RequestQuota = {
  /** Spends one request of `key`'s allowance of `limit` per `windowMs`; `allowed: false` once it is used up. */
  take(handle: DbHandle, key: string, limit: number, windowMs: number, now?: number): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
};

export function sliceSize(limit: number): number {
  return Math.max(1, Math.min(SLICE_MAX, Math.floor(limit * SLICE_FRACTION)));
}

/** One per app instance (see processRequestQuota); tests make several to play several instances. */
export function createRequestQuota(): RequestQuota {
  // Per database (tests and benchmarks open several in one process), then per key.
  const byDatabase = new WeakMap<DbHandle, { slices: Map<string, Slice>; reserving: Map<string, Promise<void>> }>();
  const stateOf = (handle: DbHandle) => {
    let state = byDatabase.get(handle);
    // reserving: one reservation at a time per key; requests that find the slice empty wait for it.
    if (!state) byDatabase.set(handle, (state = { slices: new Map(), reserving: new Map() }));
    return state;
  };

  async function reserve(handle: DbHandle, slices: Map<string, Slice>, key: string, limit: number, windowStart: number) {
    const size = sliceSize(limit);
    // A counter already in a later window (another instance's clock is ahead) takes the
    // slice in that window, which can only refuse sooner.
    const count = await addToWindowCounter(handle, key, windowStart, size);
    const before = count - size;
    const granted = Math.max(0, Math.min(size, limit - before));
    slices.set(key, { windowStart, remaining: granted, windowUsedUp: granted < size });
  }

  return {
    async take(handle, key, limit, windowMs, now = Date.now()) {
      const { slices, reserving } = stateOf(handle);
      const { windowStart, retryAfterSeconds } = fixedWindow(now, windowMs);
      for (;;) {
        const slice = slices.get(key);
        if (slice?.windowStart === windowStart) {
          if (slice.remaining > 0) {
            slice.remaining--;
            return { allowed: true, retryAfterSeconds };
          }
          if (slice.windowUsedUp) return { allowed: false, retryAfterSeconds };
        }
        let pending = reserving.get(key);
        if (!pending) {
          pending = reserve(handle, slices, key, limit, windowStart).finally(() => reserving.delete(key));
          reserving.set(key, pending);
        }
        await pending;
      }
    },
  };
}

/** This process's quota: shared by Next.js's bundles and server.ts, like one app instance. */
export function processRequestQuota(): RequestQuota {
  return processSingleton('requestQuota', () => createRequestQuota());
}
