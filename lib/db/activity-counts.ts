/**
 * The Overview's hourly counts (activity_count): added to in the transaction that appends the
 * events they count (lib/db/audit-writer.ts), by malformed bridge requests, which write no
 * audit event (lib/db/malformed-logon-counter.ts), and by the backfill of events written
 * before the table existed (activity-backfill.ts); read by lib/db/overview.ts; pruned past
 * the charts' range.
 *
 * Writers that also append audit events take the chain head's lock first (audit-writer.ts):
 * row locks on activity_count are then only ever taken in one order, head first, so two
 * writers cannot deadlock on PostgreSQL. The backfill takes the head too; the malformed
 * counter's upsert (one row per hour it holds) is the only statement of its transaction.
 */
import type { ActivityIncrement } from '../overview/activity-of-events';
import { HISTORY_DAYS } from '../overview/overview-types';
import type { DbHandle, DbTx } from './client';
import type { SqlClient } from './executor';
import { join, sql } from './sql';

const HOUR_MS = 60 * 60 * 1000;

/** One upsert adding each increment (each key once: activityOf sums them). */
function addActivitySql(increments: readonly ActivityIncrement[]) {
  const rows = increments.map((i) => sql`(${i.series}, ${BigInt(i.hour)}, ${i.key}, ${i.count})`);
  return sql`INSERT INTO activity_count (series, hour, key, count) VALUES ${join(rows)}
    ON CONFLICT (series, hour, key) DO UPDATE SET count = activity_count.count + excluded.count`;
}

export async function addActivity(tx: SqlClient, increments: readonly ActivityIncrement[]): Promise<void> {
  if (increments.length > 0) await tx.execute(addActivitySql(increments));
}

/** addActivity inside a Prisma transaction (admin changes written with Prisma); these add one or two. */
export async function addActivityInPrisma(tx: DbTx, increments: readonly ActivityIncrement[]): Promise<void> {
  for (const { series, hour, key, count } of increments) {
    await tx.activityCount.upsert({
      where: { series_hour_key: { series, hour: BigInt(hour), key } },
      create: { series, hour: BigInt(hour), key, count },
      update: { count: { increment: count } },
      select: { count: true },
    });
  }
}

/**
 * The increments as one array per column, for the PostgreSQL one-statement append
 * (audit-writer.ts appendChainedIfHead), whose text must not depend on the batch.
 */
export function activityArrays(increments: readonly ActivityIncrement[]) {
  return {
    series: increments.map((i) => i.series),
    hours: increments.map((i) => String(i.hour)),
    keys: increments.map((i) => i.key),
    counts: increments.map((i) => i.count),
  };
}

/** Rows kept: the charts' range and a day more, so a chart read at any time of day has its first day whole. */
export const KEEP_MS = (HISTORY_DAYS + 1) * 24 * HOUR_MS;
const PRUNE_BATCH = 5_000;

/** Deletes counts older than the charts show, at most PRUNE_BATCH rows per statement; returns how many. */
export async function pruneActivityCounts({ executor }: DbHandle, now: number, maxBatches = 10): Promise<number> {
  const before = BigInt(now - KEEP_MS);
  let deleted = 0;
  for (const series of ['logon', 'lockout', 'pin_change', 'failed_user', 'failed_bridge']) {
    for (let batch = 0; batch < maxBatches; batch++) {
      // Along the primary key's (series, hour) prefix; the rows themselves, so a busy hour of
      // failed_user keys is deleted a bounded batch at a time too.
      const count = await executor.execute(
        sql`DELETE FROM activity_count WHERE (series, hour, key) IN (SELECT series, hour, key FROM activity_count WHERE series = ${series} AND hour < ${before} LIMIT ${PRUNE_BATCH})`,
      );
      deleted += count;
      if (count < PRUNE_BATCH) break;
    }
  }
  return deleted;
}
