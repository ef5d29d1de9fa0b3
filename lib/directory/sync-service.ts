/**
 * One directory sync: read the source (full or changes since the last run), plan each batch
 * (sync-plan.ts), and commit each batch with its audit rows and the run's counters in one
 * transaction; then mark the users the source no longer lists as removed, deprovision the
 * ones whose grace period is over (sync-lifecycle.ts), and save the cursor last (sync-run.ts).
 * A sync stopped anywhere leaves each user as before or as after, and the next run (from the
 * old cursor) finishes it. One sync at a time across all instances
 * (lib/db/directory-sync-lease.ts). WhatIf plans the same way and writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { appendChained } from '../db/audit-writer';
import type { DbHandle } from '../db/client';
import * as store from '../db/directory-sync';
import { addSyncRunCounts, setSyncRunKind, zeroCounts, type SyncRunKind } from '../db/directory-sync-runs';
import { getSourceForSync } from '../db/directory-sources';
import type { AuditEventInput } from '../pin/types';
import type { DirectoryEntry } from './entry';
import { placementOf, type OrgUnitRow } from './placement';
import { applyGroupRoles } from './sync-roles';
import { readAhead } from './read-ahead';
import type { ReadBatch } from './reader';
import { DirectorySourceError } from './source-error';
import { deprovisionExpired, notListed, removeGone, usersByKey } from './sync-lifecycle';
import { changeAction, newRunClaims, planBatch, type StoredUser, type SyncAction } from './sync-plan';
import { anySignal, endRun, startHeartbeat, startRun } from './sync-run';
import {
  addCounts,
  auditEvent,
  holdLease,
  keepProblem,
  LeaseLostError,
  LIFECYCLE_CHUNK,
  MAX_RETRIED,
  SYNC_LEASE_MS,
  SyncNotStartedError,
  userTarget,
  type RunState,
  type SyncOptions,
  type SyncResult,
} from './sync-state';

export { MAX_KEPT_PROBLEMS, SYNC_LEASE_MS, SyncNotStartedError, type SyncActor, type SyncOptions, type SyncResult } from './sync-state';

async function planEntries(db: DbHandle, state: RunState, entries: DirectoryEntry[]): Promise<SyncAction[]> {
  const [storedList, holders] = await Promise.all([
    store.storedUsersByKey(
      db.executor,
      state.source.id,
      entries.map((e) => e.externalId),
    ),
    store.keyHolders(db.executor, entries),
  ]);
  const stored = new Map<string, StoredUser>(storedList.map((u) => [u.externalId, u]));
  return planBatch({ entries, stored, holders, claims: state.claims });
}

/** Writes the planned creates and changes, their audit rows and the counts, in one transaction. */
async function applyActions(db: DbHandle, state: RunState, actions: SyncAction[], tally: { read: number; skipped: number }, leaseMs: number) {
  const counts = { ...zeroCounts(), ...tally };
  const writes = actions.filter((a): a is Extract<SyncAction, { kind: 'create' | 'change' }> => a.kind === 'create' || a.kind === 'change');
  for (const action of actions) {
    if (action.kind === 'create') counts.created++;
    else if (action.kind === 'unchanged') counts.unchanged++;
    else if (action.kind === 'change') {
      const name = changeAction(action);
      if (name === 'directory_user.restored') counts.restored++;
      else if (name === 'directory_user.disabled') counts.disabled++;
      else counts.changed++;
    }
  }
  if (state.runId === null) return counts;

  await db.executor.transaction(async (tx) => {
    await holdLease(tx, state, leaseMs);
    const siteIds = await store.ensureSites(
      tx,
      writes.map((a) => a.entry.site).filter((s): s is string => !!s),
    );
    const units: OrgUnitRow[] = writes.flatMap((a) => placementOf(a.entry.distinguishedName).orgUnits);
    await store.ensureOrgUnits(tx, units);
    const siteOf = (entry: DirectoryEntry) => (entry.site ? (siteIds.get(entry.site) ?? null) : null);

    const creates = writes.filter((a) => a.kind === 'create');
    const ids = await store.insertUsers(
      tx,
      state.source.id,
      creates.map((a) => ({ entry: a.entry, siteId: siteOf(a.entry) })),
      state.now(),
    );
    const events: AuditEventInput[] = creates.map((a, i) =>
      auditEvent(state, 'directory_user.created', userTarget(ids[i], a.entry.sipAddress.toLowerCase()), { enabled: a.entry.enabled }),
    );
    for (const action of writes) {
      if (action.kind !== 'change') continue;
      await store.updateUser(tx, action.user.id, action.entry, siteOf(action.entry));
      events.push(auditEvent(state, changeAction(action), userTarget(action.user.id, action.entry.sipAddress.toLowerCase()), { fields: action.fields }));
    }
    await appendChained(tx, events);
    await addSyncRunCounts(tx, state.runId!, counts, tally.read);
  });
  return counts;
}

async function applyBatch(db: DbHandle, state: RunState, batch: ReadBatch, leaseMs: number) {
  for (const problem of batch.problems) {
    if (problem.externalId) state.seen.add(problem.externalId);
    keepProblem(state, problem);
  }
  for (const entry of batch.entries) state.seen.add(entry.externalId);
  const actions = await planEntries(db, state, batch.entries);
  let skipped = batch.problems.length;
  for (const action of actions) {
    if (action.kind !== 'skip') continue;
    const entry = action.conflict && state.retry.length < MAX_RETRIED ? batch.entries.find((e) => e.externalId === action.problem.externalId) : undefined;
    if (entry) state.retry.push(entry);
    else {
      state.conflictLeft ||= action.conflict;
      keepProblem(state, action.problem);
      skipped++;
    }
  }
  const counts = await applyActions(db, state, actions, { read: batch.entries.length + batch.problems.length, skipped }, leaseMs);
  addCounts(state.counts, counts);
  state.options.onProgress?.({ ...state.counts });
}

/** Entries skipped for a name another user held, tried again now that the run's other changes are in; true if any still conflict. */
async function retryConflicts(db: DbHandle, state: RunState, leaseMs: number): Promise<boolean> {
  const entries = state.retry.splice(0);
  let unresolved = false;
  for (let i = 0; i < entries.length; i += LIFECYCLE_CHUNK) {
    const actions = await planEntries(db, state, entries.slice(i, i + LIFECYCLE_CHUNK));
    let skipped = 0;
    for (const action of actions) {
      if (action.kind !== 'skip') continue;
      unresolved ||= action.conflict;
      keepProblem(state, action.problem);
      skipped++;
    }
    addCounts(state.counts, await applyActions(db, state, actions, { read: 0, skipped }, leaseMs));
  }
  return unresolved;
}

function describeFailure(error: unknown): string {
  if (error instanceof DirectorySourceError || error instanceof LeaseLostError) return error.message;
  if (error instanceof Error && error.name === 'AbortError') return 'The sync was cancelled.';
  return 'The sync stopped on an unexpected error; the server log has the details. Users already updated keep their changes; the next sync finishes the rest.';
}

/** Runs one sync (or, with whatIf, plans it). Throws SyncNotStartedError when it cannot start. */
export async function runDirectorySync(db: DbHandle, options: SyncOptions): Promise<SyncResult> {
  const source = await getSourceForSync(db.db, options.sourceId);
  if (!source) throw new SyncNotStartedError('SOURCE_NOT_FOUND', 'That directory source no longer exists. Reload the Directory page.');
  const leaseMs = options.leaseMs ?? SYNC_LEASE_MS;
  const now = () => options.clock.now();
  const whatIf = options.whatIf ?? false;
  const state: RunState = {
    source,
    runId: whatIf ? null : randomUUID(),
    claims: newRunClaims(),
    seen: new Set(),
    counts: zeroCounts(),
    problems: [],
    retry: [],
    conflictLeft: false,
    options,
    now,
    startedAt: now(),
  };
  let kind: SyncRunKind = options.import ? 'import' : options.full || !source.cursor ? 'full' : 'incremental';

  if (state.runId) await startRun(db, state, kind, leaseMs);
  const heartbeat = state.runId ? startHeartbeat(db, state.runId, now, leaseMs) : null;
  const signal = anySignal(options.signal, heartbeat?.signal);
  try {
    const read = await options.reader.read({ since: options.full || options.import ? null : source.cursor, full: options.full ?? false, signal });
    const readKind: SyncRunKind = options.import ? 'import' : read.kind === 'full' ? 'full' : 'incremental';
    if (readKind !== kind) {
      kind = readKind;
      if (state.runId) await setSyncRunKind(db.executor, state.runId, kind);
    }
    for await (const batch of readAhead(read.batches)) {
      signal?.throwIfAborted();
      await applyBatch(db, state, batch, leaseMs);
    }
    const unresolved = (await retryConflicts(db, state, leaseMs)) || state.conflictLeft;
    signal?.throwIfAborted();

    if (read.kind === 'full' && !options.import) {
      const gone = await notListed(db, state);
      if (state.seen.size === 0 && gone.length > 0) {
        throw new DirectorySourceError(
          'EMPTY_READ',
          `The source listed no users at all, while ${gone.length} of its users are in PinDesk; nothing was removed. Check the base DNs and the filter, then sync again.`,
        );
      }
      await removeGone(db, state, gone, leaseMs);
    } else if (read.kind === 'changes') {
      const goneKeys = (await read.gone()).filter((key) => !state.seen.has(key));
      await removeGone(db, state, await usersByKey(db, source.id, goneKeys), leaseMs);
    }
    await deprovisionExpired(db, state, leaseMs);
    signal?.throwIfAborted();
    if (!whatIf && !options.import && options.reader.groupRoles) await applyGroupRoles(db, state, await options.reader.groupRoles(signal));
    signal?.throwIfAborted();

    // An entry still blocked by another user's name is read again only by a full read: keep no cursor.
    const cursor = options.import ? source.cursor : unresolved ? null : read.nextCursor;
    if (state.runId) await endRun(db, state, { status: 'succeeded', message: '', cursor, leaseMs });
    return { runId: state.runId, kind, status: whatIf ? 'previewed' : 'succeeded', counts: state.counts, problems: state.problems, message: '' };
  } catch (error) {
    const cancelled = options.signal?.aborted ?? false;
    const message = cancelled ? 'The sync was cancelled. Users already updated keep their changes; the next sync finishes the rest.' : describeFailure(error);
    if (!cancelled && !(error instanceof DirectorySourceError)) console.error('directory sync failed:', error);
    if (state.runId)
      await endRun(db, state, { status: cancelled ? 'cancelled' : 'failed', message, leaseMs }).catch((e) =>
        console.error('directory sync: recording the end failed:', e),
      );
    return { runId: state.runId, kind, status: cancelled ? 'cancelled' : 'failed', counts: state.counts, problems: state.problems, message };
  } finally {
    heartbeat?.stop();
  }
}
