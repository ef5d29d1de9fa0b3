/**
 * A sync run's bookkeeping: taking the lease and recording the run (with its "started"
 * event), renewing the lease while it works, and recording its end (cursor, status, counts,
 * "finished" event) before releasing the lease.
 */
import { hostname } from 'node:os';
import { appendChained } from '../db/audit-writer';
import type { DbHandle } from '../db/client';
import { activeSyncLease, releaseSyncLease, renewSyncLease, takeSyncLease } from '../db/directory-sync-lease';
import { failAbandonedRuns, finishSyncRun, insertSyncRun, type SyncRunKind } from '../db/directory-sync-runs';
import { saveSourceCursor } from '../db/directory-sources';
import { auditEvent, LeaseLostError, SyncNotStartedError, type RunState } from './sync-state';

/** Takes the lease and records the run and its "started" event; throws SyncNotStartedError when another sync holds the lease. */
export async function startRun(db: DbHandle, state: RunState, kind: SyncRunKind, leaseMs: number) {
  const runId = state.runId!;
  const taken = await db.executor.transaction(async (tx) => {
    if (!(await takeSyncLease(tx, { runId, owner: `${hostname()}:${process.pid}`, leaseUntil: state.now() + leaseMs }, state.now()))) return false;
    await failAbandonedRuns(tx, runId, state.now());
    const actor = state.options.actor;
    await insertSyncRun(tx, {
      id: runId,
      sourceId: state.source.id,
      kind,
      requestedById: actor.type === 'user' ? actor.id : null,
      requestedBy: actor.name,
      startedAt: state.now(),
    });
    await appendChained(tx, [
      auditEvent(state, 'directory_sync.started', { type: 'directory_source', id: state.source.id, name: state.source.name }, { kind }),
    ]);
    return true;
  });
  if (!taken) {
    const holder = await activeSyncLease(db.executor, state.now());
    throw new SyncNotStartedError(
      'SYNC_RUNNING',
      `Another directory sync is running${holder ? ` (on ${holder.owner})` : ''}. Wait for it to finish; its progress is on the Directory page.`,
    );
  }
  state.options.onStarted?.(runId);
}

export async function endRun(
  db: DbHandle,
  state: RunState,
  end: { status: 'succeeded' | 'failed' | 'cancelled'; message: string; cursor?: string | null; leaseMs: number },
) {
  const runId = state.runId!;
  await db.executor.transaction(async (tx) => {
    // A run that lost its lease records its end but leaves the cursor and the lease to their new holder.
    const holds = await renewSyncLease(tx, runId, state.now() + end.leaseMs);
    if (holds && end.cursor !== undefined) await saveSourceCursor(tx, state.source.id, end.cursor, state.source.settings, state.now());
    await finishSyncRun(tx, runId, { status: end.status, finishedAt: state.now(), message: end.message, problems: state.problems });
    await appendChained(tx, [
      {
        ...auditEvent(
          state,
          'directory_sync.finished',
          { type: 'directory_source', id: state.source.id, name: state.source.name },
          { status: end.status, ...state.counts },
        ),
        outcome: end.status === 'succeeded' ? 'success' : 'failure',
      },
    ]);
    if (holds) await releaseSyncLease(tx, runId);
  });
}

/** Renews the lease every third of its length; aborts the run's signal when it is lost. */
export function startHeartbeat(db: DbHandle, runId: string, now: () => number, leaseMs: number) {
  const controller = new AbortController();
  const timer = setInterval(() => {
    renewSyncLease(db.executor, runId, now() + leaseMs)
      .then((held) => {
        if (!held) controller.abort(new LeaseLostError());
      })
      .catch(() => undefined);
  }, leaseMs / 3);
  timer.unref();
  return { signal: controller.signal, stop: () => clearInterval(timer) };
}

export function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  return present.length === 0 ? undefined : AbortSignal.any(present);
}
