/**
 * Counts the audit events written before activity_count existed (lib/db/activity-counts.ts),
 * so the Overview's charts show the weeks before an upgrade too. Run by every instance's
 * maintenance sweep (lib/jobs/runner.ts) until done.
 */
import { activityOf, type CountedEvent } from '../overview/activity-of-events';
import type { AuditOutcome } from '../pin/types';
import { addActivity, KEEP_MS } from './activity-counts';
import { lockChainHead } from './audit-writer';
import type { DbHandle } from './client';
import { sql } from './sql';

/** Events counted per backfill transaction: a short one, since it holds the audit chain's head. */
const BACKFILL_CHUNK = 5_000;

/**
 * Counts, a chunk per transaction, the audit events written before activity_count existed
 * (activity_backfill: ids up to until_id; those older than the charts show are skipped).
 * Several instances may run it at once: a chunk is recorded done by a compare-and-set in its
 * own transaction, so each event is counted once. Returns how many events it counted; 0 once done.
 */
export async function backfillActivityCounts(handle: DbHandle, now: number, maxChunks = 20): Promise<number> {
  const { db, executor } = handle;
  let counted = 0;
  for (let chunk = 0; chunk < maxChunks; chunk++) {
    const [state] = await executor.query<{ until_id: number | string; done_to_id: number | string }>(
      sql`SELECT until_id, done_to_id FROM activity_backfill WHERE id = 1`,
    );
    if (!state) return counted;
    const untilId = Number(state.until_id);
    const from = Number(state.done_to_id);
    if (from >= untilId) return counted;
    // Skip what is older than the charts show, through the index on at.
    const oldest = await db.auditEvent.findFirst({
      where: { id: { gt: from, lte: untilId }, at: { gte: new Date(now - KEEP_MS) } },
      orderBy: { id: 'asc' },
      select: { id: true },
    });
    const start = oldest ? Math.max(from, oldest.id - 1) : untilId;
    const to = Math.min(untilId, start + BACKFILL_CHUNK);
    const rows = start < to ? await db.auditEvent.findMany({ where: { id: { gt: start, lte: to } }, select: countedColumns }) : [];
    const increments = activityOf(rows.map(countedEvent));
    const advanced = await executor.transaction(async (tx) => {
      await lockChainHead(tx);
      const moved = await tx.execute(sql`UPDATE activity_backfill SET done_to_id = ${to} WHERE id = 1 AND done_to_id = ${from}`);
      if (moved !== 1) return false;
      await addActivity(tx, increments);
      return true;
    });
    // Another instance counted this chunk first: go on from where it got to.
    if (advanced) counted += rows.length;
  }
  return counted;
}

const countedColumns = { at: true, actorType: true, actorId: true, action: true, targetType: true, targetId: true, outcome: true, details: true } as const;

type StoredEvent = {
  at: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  details: string;
};

function countedEvent(row: StoredEvent): CountedEvent {
  let details: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(row.details);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) details = parsed as Record<string, unknown>;
  } catch {
    // A row whose details are not JSON counts by its action and outcome alone.
  }
  return {
    at: row.at.getTime(),
    actor: { type: row.actorType, id: row.actorId },
    action: row.action,
    target: row.targetType ? { type: row.targetType, id: row.targetId } : undefined,
    outcome: row.outcome as AuditOutcome,
    details,
  };
}
