/**
 * The one directory sync running now, across every app instance: a single lease row (id 1,
 * prisma/models.prisma DirectorySyncLease). A runner takes it with one conditional UPDATE,
 * renews it while it works (and inside each batch's transaction, so a runner whose lease
 * lapsed and was taken over cannot commit another batch), and releases it at the end. A
 * runner that dies leaves a lease that lapses; the next runner takes it.
 */
import type { SqlClient } from './executor';
import { sql } from './sql';

type Int = number | bigint | string;

export type SyncLease = { runId: string; owner: string; leaseUntil: number };

/** True when `runId` now holds the lease (it was free or had lapsed). */
export async function takeSyncLease(client: SqlClient, lease: SyncLease, now: number): Promise<boolean> {
  await client.execute(sql`INSERT INTO directory_sync_lease (id, run_id, owner, lease_until) VALUES (1, NULL, NULL, 0) ON CONFLICT (id) DO NOTHING`);
  const taken = await client.execute(
    sql`UPDATE directory_sync_lease SET run_id = ${lease.runId}, owner = ${lease.owner}, lease_until = ${lease.leaseUntil}
      WHERE id = 1 AND (run_id IS NULL OR lease_until < ${now})`,
  );
  return taken === 1;
}

/** Extends the lease; false when `runId` no longer holds it (it lapsed and another runner took it). */
export async function renewSyncLease(client: SqlClient, runId: string, leaseUntil: number): Promise<boolean> {
  const renewed = await client.execute(sql`UPDATE directory_sync_lease SET lease_until = ${leaseUntil} WHERE id = 1 AND run_id = ${runId}`, { prepared: true });
  return renewed === 1;
}

export async function releaseSyncLease(client: SqlClient, runId: string): Promise<void> {
  await client.execute(sql`UPDATE directory_sync_lease SET run_id = NULL, owner = NULL, lease_until = 0 WHERE id = 1 AND run_id = ${runId}`);
}

/** The run holding a lease that has not lapsed, or null. */
export async function activeSyncLease(client: SqlClient, now: number): Promise<SyncLease | null> {
  const rows = await client.query<{ run_id: string | null; owner: string | null; lease_until: Int }>(
    sql`SELECT run_id, owner, lease_until FROM directory_sync_lease WHERE id = 1`,
  );
  const row = rows[0];
  if (!row?.run_id || Number(row.lease_until) < now) return null;
  return { runId: row.run_id, owner: row.owner ?? '', leaseUntil: Number(row.lease_until) };
}
