/**
 * While a Set PIN job runs, its PINs cannot be erased or dismissed: a batch committed after the
 * erase would hold PINs nobody could read any more. A download mid-run works (the PINs so far);
 * the erase and Dismiss answer "still running" and leave everything. Real route handlers; the
 * job's first batch is committed by hand and the rest held by a claim, so it stays running.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { POST as download } from '../../app/api/v1/bulk-jobs/[id]/pins/download/route';
import { POST as erase } from '../../app/api/v1/bulk-jobs/[id]/pins/erase/route';
import { cancelBulkJob, claimJobItems, commitJobItems } from '../../lib/db/bulk-jobs';
import { dismissJobPins, getBulkJob, itemKey } from '../../lib/db/bulk-job-views';
import { startBulkJob } from '../../lib/jobs/bulk-service';
import { createPinVault } from '../../lib/jobs/pin-vault';
import { admin, createUser, db, handle, pepper, store } from './helpers';
import { apiRequest, callRoute, tokenFor } from './route-harness';

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const heldPins = (jobId: string) => db.bulkJobItem.count({ where: { jobId, pinCiphertext: { not: null } } });

let creator: { userId: string; token: string };
let jobId: string;

beforeAll(async () => {
  creator = await tokenFor(['CsUserAdministrator']);
  const team = [await createUser(), await createUser(), await createUser()];
  const actor = { type: 'user' as const, id: creator.userId, name: 'Creator' };
  ({ jobId } = await startBulkJob(
    handle,
    store,
    { kind: 'set-pin', selection: { kind: 'ids', ids: team.map((u) => u.id) }, options: { unlockLocked: false, policy: null, existingPins: 'replace' } },
    { actor, now: Date.now() },
  ));
  const now = Date.now();
  const [first] = await claimJobItems(handle, jobId, 'test-runner', 1, now, 600_000);
  const vault = createPinVault(pepper);
  await commitJobItems(handle, {
    jobId,
    token: 'test-runner',
    now,
    items: [
      { seq: first.seq, userId: first.userId, apply: async () => ({ status: 'done', pinCiphertext: vault.seal('48213579', itemKey(jobId, first.seq)) }) },
    ],
  });
  // The other users stay claimed by a runner that is still hashing them.
  await claimJobItems(handle, jobId, 'test-runner', 10, now, 600_000);
});

afterAll(() => cancelBulkJob(handle, jobId, admin, undefined, Date.now()));

it('a download mid-run gives the PINs so far; erase and Dismiss are refused until the job has finished', async () => {
  expect(await getBulkJob(db, jobId)).toMatchObject({ status: 'running', done: 1, pinsAvailable: true });
  const response = await callRoute(download, apiRequest(creator.token, 'POST', `/api/v1/bulk-jobs/${jobId}/pins/download`), params(jobId));
  expect(response.status).toBe(200);
  const file = await response.text();
  expect(file.trim().split('\r\n')).toHaveLength(2);

  const refused = await callRoute(erase, apiRequest(creator.token, 'POST', `/api/v1/bulk-jobs/${jobId}/pins/erase`, { sha256: sha256(file) }), params(jobId));
  expect(refused.status).toBe(409);
  expect(await refused.json()).toMatchObject({ code: 'JOB_RUNNING', error: expect.stringContaining('still running') });
  expect(await dismissJobPins(handle, jobId, { actor: admin, now: Date.now() })).toBe('running');

  expect(await heldPins(jobId)).toBe(1);
  expect(await getBulkJob(db, jobId)).toMatchObject({ pinsAvailable: true, pinsErasedWhy: null });
  const actions = (await db.auditEvent.findMany({ where: { targetId: jobId }, select: { action: true } })).map((e) => e.action);
  expect(actions).not.toContain('bulk_job.pins_erased');
  expect(actions).not.toContain('bulk_job.pins_dismissed');
});
