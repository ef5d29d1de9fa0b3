/**
 * The sync history (prisma/models.prisma DirectorySyncRun): one row per sync or import, its
 * counters moved forward in each batch's transaction, so the progress bar and the history
 * show what has been committed, never more.
 */
import type { EntryProblem } from '../directory/reader';
import type { Db } from './client';
import type { SqlClient } from './executor';
import { insertInto, sql } from './sql';

export type SyncRunKind = 'full' | 'incremental' | 'import';
export type SyncRunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

export type SyncCounts = {
  read: number;
  created: number;
  changed: number;
  unchanged: number;
  disabled: number;
  removed: number;
  restored: number;
  deprovisioned: number;
  skipped: number;
};

export const zeroCounts = (): SyncCounts => ({
  read: 0,
  created: 0,
  changed: 0,
  unchanged: 0,
  disabled: 0,
  removed: 0,
  restored: 0,
  deprovisioned: 0,
  skipped: 0,
});

export type NewSyncRun = { id: string; sourceId: string; kind: SyncRunKind; requestedById: string | null; requestedBy: string; startedAt: number };

export async function insertSyncRun(tx: SqlClient, run: NewSyncRun): Promise<void> {
  await tx.execute(
    insertInto(
      'directory_sync_run',
      {
        id: 'id',
        sourceId: 'source_id',
        kind: 'kind',
        status: 'status',
        requestedById: 'requested_by_id',
        requestedBy: 'requested_by',
        startedAt: 'started_at',
      },
      [{ ...run, status: 'running' }],
    ),
  );
}

export async function setSyncRunKind(client: SqlClient, runId: string, kind: SyncRunKind): Promise<void> {
  await client.execute(sql`UPDATE directory_sync_run SET kind = ${kind} WHERE id = ${runId}`);
}

/** Adds a batch's counts to the run (inside the batch's transaction). */
export async function addSyncRunCounts(tx: SqlClient, runId: string, add: SyncCounts, applied: number): Promise<void> {
  await tx.execute(
    sql`UPDATE directory_sync_run SET "read" = "read" + ${add.read}, applied = applied + ${applied}, created = created + ${add.created},
      changed = changed + ${add.changed}, unchanged = unchanged + ${add.unchanged}, disabled = disabled + ${add.disabled},
      removed = removed + ${add.removed}, restored = restored + ${add.restored}, deprovisioned = deprovisioned + ${add.deprovisioned},
      skipped = skipped + ${add.skipped}
    WHERE id = ${runId}`,
    { prepared: true },
  );
}

export async function finishSyncRun(
  tx: SqlClient,
  runId: string,
  end: { status: Exclude<SyncRunStatus, 'running'>; finishedAt: number; message: string; problems: EntryProblem[] },
): Promise<void> {
  await tx.execute(
    sql`UPDATE directory_sync_run SET status = ${end.status}, finished_at = ${end.finishedAt}, message = ${end.message},
      problems = ${JSON.stringify(end.problems)} WHERE id = ${runId}`,
  );
}

/** Runs left "running" by a runner that died: only the lease holder runs, so every other one has stopped. */
export async function failAbandonedRuns(client: SqlClient, holderRunId: string, now: number): Promise<number> {
  return client.execute(
    sql`UPDATE directory_sync_run SET status = 'failed', finished_at = ${now},
      message = 'The sync stopped before it finished (the server stopped or lost the database). The next sync finishes its work.'
    WHERE status = 'running' AND id <> ${holderRunId}`,
  );
}

const runSelect = {
  id: true,
  sourceId: true,
  kind: true,
  status: true,
  requestedBy: true,
  startedAt: true,
  finishedAt: true,
  read: true,
  applied: true,
  created: true,
  changed: true,
  unchanged: true,
  disabled: true,
  removed: true,
  restored: true,
  deprovisioned: true,
  skipped: true,
  problems: true,
  message: true,
  source: { select: { name: true } },
} as const;

export type SyncRunView = Omit<SyncCounts, never> & {
  id: string;
  sourceId: string;
  sourceName: string;
  kind: SyncRunKind;
  status: SyncRunStatus;
  requestedBy: string;
  startedAt: number;
  finishedAt: number | null;
  applied: number;
  problems: EntryProblem[];
  message: string;
};

function toView(row: Awaited<ReturnType<typeof findRun>>): SyncRunView | null {
  if (!row) return null;
  const { source, problems, startedAt, finishedAt, kind, status, ...rest } = row;
  let parsed: EntryProblem[] = [];
  try {
    parsed = JSON.parse(problems) as EntryProblem[];
  } catch {
    parsed = [];
  }
  return {
    ...rest,
    kind: kind as SyncRunKind,
    status: status as SyncRunStatus,
    sourceName: source.name,
    startedAt: Number(startedAt),
    finishedAt: finishedAt === null ? null : Number(finishedAt),
    problems: parsed,
  };
}

const findRun = (db: Db, id: string) => db.directorySyncRun.findUnique({ where: { id }, select: runSelect });

export async function getSyncRun(db: Db, id: string): Promise<SyncRunView | null> {
  return toView(await findRun(db, id));
}

/** The latest runs, newest first (the sync history). */
export async function listSyncRuns(db: Db, options: { sourceId?: string; limit: number }): Promise<SyncRunView[]> {
  const rows = await db.directorySyncRun.findMany({
    where: options.sourceId ? { sourceId: options.sourceId } : {},
    orderBy: { startedAt: 'desc' },
    take: options.limit,
    select: runSelect,
  });
  return rows.map((row) => toView(row)).filter((run): run is SyncRunView => run !== null);
}
