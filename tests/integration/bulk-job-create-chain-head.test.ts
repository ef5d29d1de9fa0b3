/**
 * Creating a bulk job writes one row per user, which takes a while for thousands of users.
 * Every audited write (a bridge's logon included) waits on the audit chain head under the
 * statement timeout, so createBulkJob must not hold that row while it inserts its items: a
 * short audited write beside it must succeed, not fail as "database unavailable".
 * The item inserts are kept waiting on purpose (another transaction holds a SHARE lock on
 * bulk_job_item), standing in for a slow insert of many rows without any timing guess.
 */
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { appendChained } from '../../lib/db/audit-writer';
import { verifyAuditTrail } from '../../lib/db/audit-log';
import { createBulkJob } from '../../lib/db/bulk-jobs';
import { createDb } from '../../lib/db/client';
import { isDatabaseUnavailable } from '../../lib/db/unavailable';
import type { PgConnection } from '../../lib/db/database-url';
import { admin, createUser, db, handle, target } from './helpers';
import { sql } from '../../lib/db/sql';

const postgres = target.provider === 'postgresql';
// Far above what one audited write takes here, far below how long the items are kept waiting.
const bounded = postgres ? createDb(target, { connectTimeoutMs: 5_000, statementTimeoutMs: 1_000, poolSize: 2 }) : undefined;

afterAll(async () => {
  await bounded?.db.$disconnect();
});

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; tries < 300; tries++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting until ${what}`);
}

it.skipIf(!postgres)('an audited write beside a bulk job whose items are still being inserted succeeds', async () => {
  const users = await Promise.all(Array.from({ length: 3 }, () => createUser()));
  const blocker = new pg.Client((target as { pg: PgConnection }).pg);
  await blocker.connect();
  try {
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE bulk_job_item IN SHARE MODE');
    const creating = createBulkJob(handle, {
      kind: 'pin.set',
      options: {},
      summary: 'chain head test',
      actor: admin,
      items: users.map((u) => ({ userId: u.id, identity: u.upn, skip: null })),
      now: Date.now(),
    });
    creating.catch(() => {}); // awaited below
    await until(async () => {
      // Asked outside the blocker's transaction, which would keep seeing its first snapshot of pg_stat_activity.
      const waiting = await handle.executor.query(
        sql`SELECT 1 AS one FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%bulk_job_item%'`,
      );
      return waiting.length > 0;
    }, 'the item inserts wait');

    const event = { at: Date.now(), actor: admin, action: 'test.beside_bulk_job', outcome: 'success' as const };
    const written = await bounded!.executor
      .transaction((tx) => appendChained(tx, [event]))
      .then(
        () => 'written',
        (error: unknown) => (isDatabaseUnavailable(error) ? 'failed as "database unavailable"' : 'failed otherwise'),
      );
    expect(written).toBe('written');

    await blocker.query('COMMIT');
    const jobId = await creating;
    expect(await db.bulkJob.findUnique({ where: { id: jobId }, select: { total: true } })).toEqual({ total: 3 });
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: true });
  } finally {
    await blocker.query('ROLLBACK').catch(() => {});
    await blocker.end();
  }
});
