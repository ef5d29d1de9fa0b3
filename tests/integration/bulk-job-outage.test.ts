/**
 * A database outage while a Set PIN batch is prepared is no verdict on its users: they stay
 * claimed and are tried again, and the job ends with every user done, none recorded as failed.
 * The outage is the error Prisma on the pg adapter really raises when nothing answers (P1001,
 * from the driver's ECONNREFUSED), thrown by the PIN history lookup of the first attempts.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { afterEach, expect, it } from 'vitest';
import { cancelBulkJob } from '../../lib/db/bulk-jobs';
import { PrismaClient as PostgresClient } from '../../lib/db/generated/postgresql/index.js';
import { getBulkJob } from '../../lib/db/bulk-job-views';
import { startBulkJob } from '../../lib/jobs/bulk-service';
import { createPinVault } from '../../lib/jobs/pin-vault';
import { startBulkJobRunner, type BulkJobRunner } from '../../lib/jobs/runner';
import { newPinPolicy } from '../../lib/pin/use-cases/policies';
import { createArgon2Hasher } from '../../lib/pin/hasher';
import { admin, createUser, db, handle, pepper, store } from './helpers';
import { closedPort } from '../support/closed-port';

const hasher = createArgon2Hasher(pepper);
const clock = { now: () => Date.now() };
let runner: BulkJobRunner | undefined;
let jobId: string | undefined;

afterEach(async () => {
  await runner?.stop();
  if (jobId) await cancelBulkJob(handle, jobId, admin, undefined, Date.now());
});

/** What the PIN history lookup (Prisma on the pg adapter) throws when nothing answers: P1001. */
async function refusedConnectionError(): Promise<unknown> {
  const refused = new PostgresClient({
    adapter: new PrismaPg({ host: '127.0.0.1', port: await closedPort(), user: 'x', database: 'x', connectionTimeoutMillis: 2_000 }),
  });
  try {
    const error = await refused.pinHistory.findMany({ where: { userId: 'x' }, take: 3 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'P1001' });
    return error;
  } finally {
    await refused.$disconnect().catch(() => undefined);
  }
}

it('users whose batch met an outage are tried again and done, none failed', async () => {
  const outage = await refusedConnectionError();
  // A site policy with PIN history, so preparing each user's PIN reads the database.
  const site = await db.site.create({ data: { name: `Outage-${Date.now()}` } });
  await newPinPolicy({ store, clock }, { identity: `site:${site.name}`, settings: { pinHistoryCount: 3 }, actor: admin });
  const team = [];
  for (let i = 0; i < 4; i++) team.push(await createUser(db, { siteId: site.id }));

  let outageLeft = 2;
  const storeInOutage = {
    ...store,
    getPinHistory: async (userId: string, count: number) => {
      if (outageLeft > 0) {
        outageLeft--;
        throw outage;
      }
      return store.getPinHistory(userId, count);
    },
  };
  ({ jobId } = await startBulkJob(
    handle,
    store,
    { kind: 'set-pin', selection: { kind: 'ids', ids: team.map((u) => u.id) }, options: { unlockLocked: false, policy: null, existingPins: 'replace' } },
    { actor: admin, now: Date.now() },
  ));
  runner = startBulkJobRunner({
    handle,
    deps: { store: storeInOutage, hasher, clock },
    vault: createPinVault(pepper),
    pollMs: 50,
    batchSize: 4,
    leaseMs: 1_000,
    log: () => {},
  });

  await expect.poll(async () => (await getBulkJob(db, jobId!))?.status, { timeout: 30_000 }).toBe('completed');
  expect(outageLeft).toBe(0);
  expect(await getBulkJob(db, jobId)).toMatchObject({ done: 4, failed: 0, skipped: 0 });
  expect(await db.pinState.count({ where: { userId: { in: team.map((u) => u.id) }, pinHash: { not: null } } })).toBe(4);
});
