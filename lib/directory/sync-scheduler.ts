/**
 * Scheduled syncs: every minute, each source with a sync interval whose latest run started
 * longer ago than the interval gets a sync. Every app instance runs this; the sync lease
 * lets one of them run it and the others find it running (or just run) and wait for the
 * next interval.
 */
import type { DbHandle } from '../db/client';
import { listSources } from '../db/directory-sources';
import { listSyncRuns } from '../db/directory-sync-runs';
import type { Clock } from '../pin/types';
import { startSync, SyncNotStartedError } from './directory-service';

export const SCHEDULER_TICK_MS = 60_000;

export type SyncScheduler = { stop(): Promise<void>; tick(): Promise<void> };

export function startSyncScheduler(options: { handle: DbHandle; clock: Clock; log: (line: string) => void; tickMs?: number }): SyncScheduler {
  const { handle, clock, log } = options;
  const stopping = new AbortController();
  let running: Promise<unknown> = Promise.resolve();

  async function tick() {
    for (const source of await listSources(handle.db)) {
      if (source.kind !== 'ldap' || source.syncIntervalMinutes <= 0 || stopping.signal.aborted) continue;
      const [latest] = await listSyncRuns(handle.db, { sourceId: source.id, limit: 1 });
      if (latest && latest.startedAt > clock.now() - source.syncIntervalMinutes * 60_000) continue;
      try {
        const { done } = await startSync(
          { handle, clock },
          source.id,
          { actor: { type: 'system', name: 'Scheduled directory sync' } },
          { signal: stopping.signal },
        );
        running = done;
        const result = await done;
        if (result.status !== 'succeeded') log(`${source.name}: ${result.message}`);
      } catch (error) {
        if (error instanceof SyncNotStartedError && error.code === 'SYNC_RUNNING') continue;
        log(`${source.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  let ticking: Promise<void> | null = null;
  const timer = setInterval(() => {
    ticking ??= tick()
      .catch((error: unknown) => log(error instanceof Error ? error.message : String(error)))
      .finally(() => (ticking = null));
  }, options.tickMs ?? SCHEDULER_TICK_MS);
  timer.unref();

  return {
    tick,
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await running.catch(() => undefined);
    },
  };
}
