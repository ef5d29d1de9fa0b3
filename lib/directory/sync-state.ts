/**
 * What one directory sync holds while it runs, and the small steps every part of it shares:
 * its options and result types, its in-memory state, audit events in the run's name, and the
 * lease check each transaction makes.
 */
import type { SourceForSync } from '../db/directory-sources';
import { renewSyncLease } from '../db/directory-sync-lease';
import type { SyncCounts, SyncRunKind } from '../db/directory-sync-runs';
import type { SqlClient } from '../db/executor';
import type { Actor, AuditEventInput, Clock, RequestContext } from '../pin/types';
import type { DirectoryEntry } from './entry';
import type { DirectoryReader, EntryProblem } from './reader';
import type { RunClaims } from './sync-plan';

/** How long a runner's lease lasts without renewal; renewed every third of it. */
export const SYNC_LEASE_MS = 60_000;
/** Problems kept in the run's history (the counts cover all of them). */
export const MAX_KEPT_PROBLEMS = 500;
/** Entries skipped for a name another user holds, tried once more at the end of the run (a swap or a rename within the run). */
export const MAX_RETRIED = 10_000;
/** Users removed or deprovisioned per transaction. */
export const LIFECYCLE_CHUNK = 500;

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

export class LeaseLostError extends Error {
  constructor() {
    super('Another PinDesk instance took over this sync after its lease lapsed; this run stopped. The other run finishes the work.');
  }
}

/** What one run keeps in memory: a full read's keys (to find who left), problems, counts. */
export type RunState = {
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
  /** When the run began: users it removes are deprovisioned by a later run at the earliest. */
  startedAt: number;
};

/** Keeps a skipped entry's problem for the history (the first few hundred; the count covers all). */
export function keepProblem(state: RunState, problem: EntryProblem) {
  if (state.problems.length < MAX_KEPT_PROBLEMS) state.problems.push(problem);
}

export const userTarget = (id: string, sipAddress: string) => ({ type: 'user', id, name: sipAddress });

export function auditEvent(state: RunState, action: string, target: AuditEventInput['target'], details: Record<string, unknown>): AuditEventInput {
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
export async function holdLease(tx: SqlClient, state: RunState, leaseMs: number) {
  if (state.runId && !(await renewSyncLease(tx, state.runId, state.now() + leaseMs))) throw new LeaseLostError();
}

export function addCounts(into: SyncCounts, add: SyncCounts) {
  for (const key of Object.keys(into) as (keyof SyncCounts)[]) into[key] += add[key];
}
