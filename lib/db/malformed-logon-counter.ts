/**
 * Malformed PIN logon requests (a bridge's error: DOMAIN.md §9, no audit event, nothing
 * about the request stored) still show on the Overview's logon chart: counted here per UTC
 * hour and added to activity_count at most once a second, so a bridge sending garbage costs
 * the database one small upsert a second, not one per request. What a crash loses is under
 * a second of these counts.
 */
import { hourOf } from '../overview/overview-types';
import type { DbHandle } from './client';
import { addActivity } from './activity-counts';

const FLUSH_AFTER_MS = 1_000;
const RETRY_AFTER_MS = 10_000;

type Pending = { counts: Map<number, number>; timer: NodeJS.Timeout | null };
const pendingByHandle = new WeakMap<DbHandle, Pending>();

export function countMalformedLogon(handle: DbHandle, now: number): void {
  let pending = pendingByHandle.get(handle);
  if (!pending) pendingByHandle.set(handle, (pending = { counts: new Map(), timer: null }));
  const hour = hourOf(now);
  pending.counts.set(hour, (pending.counts.get(hour) ?? 0) + 1);
  if (!pending.timer) {
    const flushing = pending;
    flushing.timer = setTimeout(() => void flush(handle, flushing), FLUSH_AFTER_MS);
    flushing.timer.unref();
  }
}

async function flush(handle: DbHandle, pending: Pending): Promise<void> {
  const counts = pending.counts;
  pending.counts = new Map();
  pending.timer = null;
  try {
    await addActivity(
      handle.executor,
      [...counts].map(([hour, count]) => ({ series: 'logon', hour, key: 'malformed', count })),
    );
  } catch (error) {
    // The database is away: keep the counts (a few numbers, one per hour) and try again later.
    for (const [hour, count] of counts) pending.counts.set(hour, (pending.counts.get(hour) ?? 0) + count);
    console.error(`[overview] malformed logon counts not saved yet: ${error instanceof Error ? error.name : 'error'}`);
    if (!pending.timer) {
      pending.timer = setTimeout(() => void flush(handle, pending), RETRY_AFTER_MS);
      pending.timer.unref();
    }
  }
}
