/**
 * Bulk job PINs are erased only with the downloaded file's checksum: Download CSV erases
 * nothing and can be repeated, a wrong checksum erases nothing, the right one erases and is
 * audited apart from the download. Through the real route handlers (API token of the job's
 * creator). The dropped-client case needs a real server: e2e/bulk-job-pins-download.spec.ts.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as download } from '../../app/api/v1/bulk-jobs/[id]/pins/download/route';
import { POST as erase } from '../../app/api/v1/bulk-jobs/[id]/pins/erase/route';
import { GET as showPins } from '../../app/api/v1/bulk-jobs/[id]/pins/route';
import { getBulkJob } from '../../lib/db/bulk-job-views';
import { startBulkJob } from '../../lib/jobs/bulk-service';
import { createPinVault } from '../../lib/jobs/pin-vault';
import { startBulkJobRunner, type BulkJobRunner } from '../../lib/jobs/runner';
import { createArgon2Hasher } from '../../lib/pin/hasher';
import { createUser, db, handle, pepper, store } from './helpers';
import { apiRequest, callRoute, tokenFor } from './route-harness';

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const jobActions = async (jobId: string) =>
  (await db.auditEvent.findMany({ where: { targetId: jobId }, orderBy: { id: 'asc' }, select: { action: true } })).map((e) => e.action);
const heldPins = (jobId: string) => db.bulkJobItem.count({ where: { jobId, pinCiphertext: { not: null } } });

let creator: { userId: string; token: string };
let other: { userId: string; token: string };
let jobId: string;
let runner: BulkJobRunner;

beforeAll(async () => {
  creator = await tokenFor(['CsUserAdministrator']);
  other = await tokenFor(['CsAdministrator']);
  const team = [await createUser(), await createUser(), await createUser()];
  runner = startBulkJobRunner({
    handle,
    deps: { store, hasher: createArgon2Hasher(pepper), clock: { now: () => Date.now() } },
    vault: createPinVault(pepper),
    pollMs: 50,
  });
  const actor = { type: 'user' as const, id: creator.userId, name: 'Creator' };
  ({ jobId } = await startBulkJob(
    handle,
    store,
    { kind: 'set-pin', selection: { kind: 'ids', ids: team.map((u) => u.id) }, options: { unlockLocked: false, policy: null, existingPins: 'replace' } },
    { actor, now: Date.now() },
  ));
  const until = Date.now() + 120_000;
  while ((await getBulkJob(db, jobId))!.status === 'running') {
    if (Date.now() > until) throw new Error('The job did not finish.');
    await new Promise((r) => setTimeout(r, 50));
  }
}, 180_000);

afterAll(() => runner.stop());

describe('bulk job PINs: download, then a checksum-confirmed erase', () => {
  let file = '';

  it('Download CSV erases nothing, carries the file checksum, is audited once delivered, and can be repeated', async () => {
    const first = await callRoute(download, apiRequest(creator.token, 'POST', `/api/v1/bulk-jobs/${jobId}/pins/download`), params(jobId));
    expect(first.status).toBe(200);
    file = await first.text();
    expect(file.split('\r\n')[0]).toBe('"Identity","DisplayName","PIN","Result","Reason"');
    expect(file.trim().split('\r\n')).toHaveLength(4);
    // The checksum, which gives a one-user job's PIN away to a guesser, is in no header.
    expect([...first.headers.keys()].filter((name) => /sha|checksum|digest/i.test(name))).toEqual([]);
    expect(await heldPins(jobId)).toBe(3);

    const again = await callRoute(download, apiRequest(creator.token, 'POST', `/api/v1/bulk-jobs/${jobId}/pins/download`), params(jobId));
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(file);
    expect(await jobActions(jobId)).toEqual(['bulk_job.started', 'bulk_job.completed', 'bulk_job.pins_downloaded', 'bulk_job.pins_downloaded']);
    const event = await db.auditEvent.findFirstOrThrow({ where: { targetId: jobId, action: 'bulk_job.pins_downloaded' } });
    expect(event).toMatchObject({ actorId: creator.userId, outcome: 'success' });
    expect(JSON.parse(event.details)).toMatchObject({ pins: 3 });
    // Neither a PIN nor the checksum (for a small job, a key to guessing the PINs) is in the trail.
    const trail = JSON.stringify(await db.auditEvent.findMany({ where: { targetId: jobId } }));
    expect(trail).not.toContain(sha256(file));
    for (const line of file.trim().split('\r\n').slice(1)) expect(trail).not.toContain(`"${line.match(/"=""(\d+)"""/)![1]}"`);
  });

  it('only the creator may erase, and a malformed or wrong checksum erases nothing', async () => {
    const asOther = await callRoute(erase, apiRequest(other.token, 'POST', `/api/v1/bulk-jobs/${jobId}/pins/erase`, { sha256: sha256(file) }), params(jobId));
    expect(asOther.status).toBe(403);

    const malformed = await callRoute(
      erase,
      apiRequest(creator.token, 'POST', `/api/v1/bulk-jobs/${jobId}/pins/erase`, { sha256: 'not-a-checksum' }),
      params(jobId),
    );
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toContain('64 hexadecimal digits');

    const wrong = await callRoute(
      erase,
      apiRequest(creator.token, 'POST', `/api/v1/bulk-jobs/${jobId}/pins/erase`, { sha256: sha256(`${file} `) }),
      params(jobId),
    );
    expect(wrong.status).toBe(409);
    expect(await wrong.json()).toMatchObject({ code: 'CHECKSUM_MISMATCH', error: expect.stringContaining('Nothing was erased') });

    expect(await heldPins(jobId)).toBe(3);
    expect(await jobActions(jobId)).not.toContain('bulk_job.pins_erased');
    expect((await callRoute(showPins, apiRequest(creator.token, 'GET', `/api/v1/bulk-jobs/${jobId}/pins?page=1`), params(jobId))).status).toBe(200);
  });

  it('the checksum of the downloaded file erases the PINs, audited as erased; then Download and Show PIN answer 410', async () => {
    const response = await callRoute(
      erase,
      apiRequest(creator.token, 'POST', `/api/v1/bulk-jobs/${jobId}/pins/erase`, { sha256: sha256(file).toUpperCase() }),
      params(jobId),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ erased: 3 });
    expect(await heldPins(jobId)).toBe(0);
    expect(await getBulkJob(db, jobId)).toMatchObject({ pinsAvailable: false, pinsExpireAt: null, pinsErasedWhy: 'saved' });
    const actions = await jobActions(jobId);
    expect(actions.slice(-2)).toEqual(['bulk_job.pins_revealed', 'bulk_job.pins_erased']);
    const erased = await db.auditEvent.findFirstOrThrow({ where: { targetId: jobId, action: 'bulk_job.pins_erased' } });
    expect(erased).toMatchObject({ actorId: creator.userId, outcome: 'success' });
    expect(JSON.parse(erased.details)).toMatchObject({ pins: 3 });

    const late = await callRoute(download, apiRequest(creator.token, 'POST', `/api/v1/bulk-jobs/${jobId}/pins/download`), params(jobId));
    expect(late.status).toBe(410);
    expect((await late.json()).error).toContain('confirmed they saved the downloaded file');
    expect((await callRoute(showPins, apiRequest(creator.token, 'GET', `/api/v1/bulk-jobs/${jobId}/pins?page=1`), params(jobId))).status).toBe(410);
    const twice = await callRoute(erase, apiRequest(creator.token, 'POST', `/api/v1/bulk-jobs/${jobId}/pins/erase`, { sha256: sha256(file) }), params(jobId));
    expect(twice.status).toBe(410);
    expect(await jobActions(jobId)).toEqual([...actions]);
  });
});
