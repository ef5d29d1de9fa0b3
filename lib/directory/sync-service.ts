/**
 * One directory sync: read the source (full or changes since the last run), plan each batch
 * (sync-plan.ts), and commit each batch with its audit rows and the run's counters in one
 * transaction; then mark the users the source no longer lists as removed, deprovision the
 * ones whose grace period is over, and save the cursor last. A sync stopped anywhere leaves
 * each user as before or as after, and the next run (from the old cursor) finishes it.
 * One sync at a time across all instances (lib/db/directory-sync-lease.ts). WhatIf plans the
 * same way and writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { appendChained } from '../db/audit-writer';
import type { DbHandle } from '../db/client';
import * as store from '../db/directory-sync';
import { activeSyncLease, releaseSyncLease, renewSyncLease, takeSyncLease } from '../db/directory-sync-lease';
import {
  addSyncRunCounts,
  failAbandonedRuns,
  finishSyncRun,
  insertSyncRun,
  setSyncRunKind,
  zeroCounts,
  type SyncCounts,
  type SyncRunKind,
} from '../db/directory-sync-runs';
import { getSourceForSync, saveSourceCursor, type SourceForSync } from '../db/directory-sources';
import type { SqlClient } from '../db/executor';
import type { Actor, AuditEventInput, Clock, RequestContext } from '../pin/types';
import type { DirectoryEntry } from './entry';
import { placementOf, type OrgUnitRow } from './placement';
import { readAhead } from './read-ahead';
import type { DirectoryReader, EntryProblem, ReadBatch } from './reader';
import { DirectorySourceError } from './source-error';
import { changeAction, newRunClaims, planBatch, type RunClaims, type StoredUser, type SyncAction } from './sync-plan';

/** How long a runner's lease lasts without renewal; renewed every third of it. */
export const SYNC_LEASE_MS = 60_000;
/** Problems kept in the run's history (the counts cover all of them). */
export const MAX_KEPT_PROBLEMS = 500;
/** Entries skipped for a name another user holds, tried once more at the end of the run (a swap or a rename within the run). */
const MAX_RETRIED = 10_000;
/** Users removed or deprovisioned per transaction. */
const LIFECYCLE_CHUNK = 500;

export type SyncActor = Extract<Actor, { type: 'user' | 'cli' | 'system' }>;

export type SyncOptions = {
  sourceId: string;
  reader: DirectoryReader;
  /** Read everything, not only what changed since the last run. */
  full?: boolean;
  /** Plan only: counts and problems, nothing written, no lease taken. */
  whatIf?: boolean;
  /** An import file: adds and changes users, recorded as kind "import". */
  import?: boolean;
  clock: Clock;
  actor: SyncActor;
  context?: RequestContext;
  signal?: AbortSignal;
  /** Called with the counts so far after each committed batch (and once planned, for WhatIf). */
  onProgress?: (counts: SyncCounts) => void;
  /** Called once the run is recorded, before the read starts: the page can follow it from here. */
  onStarted?: (runId: string) => void;
  leaseMs?: number;
};

export type SyncResult = {
  /** Null for a WhatIf. */
  runId: string | null;
  kind: SyncRunKind;
  status: 'succeeded' | 'failed' | 'cancelled' | 'previewed';
  counts: SyncCounts;
  problems: EntryProblem[];
  /** Why it failed or was cancelled, in words; '' when it succeeded. */
  message: string;
};

/** A sync could not start: another one holds the lease, or the source does not exist. */
export class SyncNotStartedError extends Error {
  constructor(
    readonly code: 'SYNC_RUNNING' | 'SOURCE_NOT_FOUND',
    message: string,
  ) {
    super(message);
    this.name = 'SyncNotStartedError';
  }
}

class LeaseLostError extends Error {
  constructor() {
    super('Another PinDesk instance took over this sync after its lease lapsed; this run stopped. The other run finishes the work.');
  }
}

/** What one run keeps in memory: a full read's keys (to find who left), problems, counts. */
type RunState = {
  source: SourceForSync;
  runId: string | null;
  claims: RunClaims;
  seen: Set<string>;
  counts: SyncCounts;
  problems: EntryProblem[];
  retry: DirectoryEntry[];
  /** An entry was skipped for a name another user holds and not tried again. */
  conflictLeft: boolean;
  options: SyncOptions;
  now: () => number;
};

/** Keeps a skipped entry's problem for the history (the first few hundred; the count covers all). */
function keepProblem(state: RunState, problem: EntryProblem) {
  if (state.problems.length < MAX_KEPT_PROBLEMS) state.problems.push(problem);
}

const userTarget = (id: string, sipAddress: string) => ({ type: 'user', id, name: sipAddress });

function auditEvent(state: RunState, action: string, target: AuditEventInput['target'], details: Record<string, unknown>): AuditEventInput {
  return {
    at: state.now(),
    actor: state.options.actor,
    context: state.options.context,
    action,
    target,
    outcome: 'success',
    details: { source: state.source.name, ...(state.runId ? { runId: state.runId } : {}), ...details },
  };
}

/** Renews the lease inside `tx`: a runner that lost it commits nothing more. */
async function holdLease(tx: SqlClient, state: RunState, leaseMs: number) {
  if (state.runId && !(await renewSyncLease(tx, state.runId, state.now() + leaseMs))) throw new LeaseLostError();
}

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

function addCounts(into: SyncCounts, add: SyncCounts) {
  for (const key of Object.keys(into) as (keyof SyncCounts)[]) into[key] += add[key];
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

/** Users of the source that a full read did not list (or a changes read says are gone): removed, and audited. */
async function removeGone(db: DbHandle, state: RunState, gone: store.SourceUser[], leaseMs: number) {
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
async function notListed(db: DbHandle, state: RunState): Promise<store.SourceUser[]> {
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
async function deprovisionExpired(db: DbHandle, state: RunState, leaseMs: number) {
  const cutoff = state.now() - state.source.removalGraceHours * 3_600_000;
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

async function usersByKey(db: DbHandle, sourceId: string, keys: string[]): Promise<store.SourceUser[]> {
  const users: store.SourceUser[] = [];
  for (let i = 0; i < keys.length; i += LIFECYCLE_CHUNK)
    users.push(...(await store.usersInScopeByKey(db.executor, sourceId, keys.slice(i, i + LIFECYCLE_CHUNK))));
  return users;
}

/** Takes the lease and records the run and its "started" event; throws SyncNotStartedError when another sync holds the lease. */
async function startRun(db: DbHandle, state: RunState, kind: SyncRunKind, leaseMs: number) {
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

async function endRun(
  db: DbHandle,
  state: RunState,
  end: { status: 'succeeded' | 'failed' | 'cancelled'; message: string; cursor?: string | null; leaseMs: number },
) {
  const runId = state.runId!;
  await db.executor.transaction(async (tx) => {
    // A run that lost its lease records its end but leaves the cursor and the lease to their new holder.
    const holds = await renewSyncLease(tx, runId, state.now() + end.leaseMs);
    if (holds && end.cursor !== undefined) await saveSourceCursor(tx, state.source.id, end.cursor, state.now());
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
function startHeartbeat(db: DbHandle, runId: string, now: () => number, leaseMs: number) {
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

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  return present.length === 0 ? undefined : AbortSignal.any(present);
}
