/**
 * The lifecycle steps of a sync after its batches: users the source no longer lists are
 * removed (disabled, PIN kept), and users removed longer ago than the source's grace period
 * are deprovisioned. Each chunk commits with its audit rows and the run's counters.
 */
import { appendChained } from '../db/audit-writer';
import type { DbHandle } from '../db/client';
import * as store from '../db/directory-sync';
import { addSyncRunCounts, zeroCounts } from '../db/directory-sync-runs';
import { auditEvent, holdLease, LIFECYCLE_CHUNK, userTarget, type RunState } from './sync-state';

/** Users of the source that a full read did not list (or a changes read says are gone): removed, and audited. */
export async function removeGone(db: DbHandle, state: RunState, gone: store.SourceUser[], leaseMs: number) {
  for (let i = 0; i < gone.length; i += LIFECYCLE_CHUNK) {
    const chunk = gone.slice(i, i + LIFECYCLE_CHUNK);
    state.counts.removed += chunk.length;
    if (state.runId === null) continue;
    await db.executor.transaction(async (tx) => {
      await holdLease(tx, state, leaseMs);
      await store.markRemoved(
        tx,
        chunk.map((u) => u.id),
        state.now(),
      );
      await appendChained(
        tx,
        chunk.map((u) => auditEvent(state, 'directory_user.removed', userTarget(u.id, u.sipAddress), { graceHours: state.source.removalGraceHours })),
      );
      await addSyncRunCounts(tx, state.runId!, { ...zeroCounts(), removed: chunk.length }, 0);
    });
    state.options.onProgress?.({ ...state.counts });
  }
}

/** The source's users in scope whose keys the full read did not list. */
export async function notListed(db: DbHandle, state: RunState): Promise<store.SourceUser[]> {
  const gone: store.SourceUser[] = [];
  let after = '';
  for (;;) {
    const page = await store.usersInScope(db.executor, state.source.id, after, 1000);
    if (page.length === 0) return gone;
    for (const user of page) if (!state.seen.has(user.externalId)) gone.push(user);
    after = page[page.length - 1].externalId;
  }
}

/** Deprovisions the source's users removed longer ago than its grace period: the row goes, PIN and all. */
export async function deprovisionExpired(db: DbHandle, state: RunState, leaseMs: number) {
  // Never a user this run removed, even with no grace period: a read that missed part of the
  // directory (an OU the bind account cannot see) must not erase PINs in the same run.
  const cutoff = Math.min(state.now() - state.source.removalGraceHours * 3_600_000, state.startedAt - 1);
  if (state.runId === null) {
    // WhatIf: count them (users it counts as removed have their grace period ahead of them).
    state.counts.deprovisioned += await store.countRemovedBefore(db.executor, state.source.id, cutoff);
    return;
  }
  for (;;) {
    const due = await store.removedBefore(db.executor, state.source.id, cutoff, LIFECYCLE_CHUNK);
    if (due.length === 0) return;
    await db.executor.transaction(async (tx) => {
      await holdLease(tx, state, leaseMs);
      const gone = await store.deleteRemovedUsers(
        tx,
        due.map((u) => u.id),
        cutoff,
      );
      await appendChained(
        tx,
        due.map((u) => auditEvent(state, 'directory_user.deprovisioned', userTarget(u.id, u.sipAddress), { displayName: u.displayName })),
      );
      await addSyncRunCounts(tx, state.runId!, { ...zeroCounts(), deprovisioned: gone }, 0);
      state.counts.deprovisioned += gone;
    });
    state.options.onProgress?.({ ...state.counts });
  }
}

/** The source's users in scope with these keys, a chunk at a time. */
export async function usersByKey(db: DbHandle, sourceId: string, keys: string[]): Promise<store.SourceUser[]> {
  const users: store.SourceUser[] = [];
  for (let i = 0; i < keys.length; i += LIFECYCLE_CHUNK)
    users.push(...(await store.usersInScopeByKey(db.executor, sourceId, keys.slice(i, i + LIFECYCLE_CHUNK))));
  return users;
}
