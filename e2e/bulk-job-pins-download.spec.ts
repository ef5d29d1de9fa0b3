import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import type { Page } from '@playwright/test';
import { testDb } from './fixtures/db';
import { expect, test } from './fixtures/test';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A Set PIN job for every Smith, through the Users page; returns the job id once it finished. */
async function runSmithJob(page: Page): Promise<string> {
  await page.goto('/users?q=Smith');
  await page.getByRole('checkbox', { name: 'Select all search results' }).check();
  await page.getByRole('button', { name: 'Action' }).click();
  await page.getByRole('menuitem', { name: 'Set PIN' }).click();
  const dialog = page.getByRole('dialog', { name: /^Set PIN for [\d,]+ users$/ });
  // Every Smith gets a PIN, so the job holds several PINs whatever the seed gave them.
  await dialog.getByRole('radio', { name: 'Replace existing PINs' }).check();
  await expect(dialog.getByRole('status')).toContainText('will get a new PIN');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(page).toHaveURL(/\/jobs\/[^/]+$/);
  const jobId = page.url().split('/').at(-1)!;
  // The job's state in the database, not a word on the page (the running state's text says "finished" too).
  await expect
    .poll(async () => (await testDb().bulkJob.findUnique({ where: { id: jobId }, select: { status: true } }))?.status, { timeout: 60_000 })
    .toBe('completed');
  return jobId;
}

/**
 * The real server, a real socket: send the download request with the session cookie and
 * close the connection at once, before any answer can arrive.
 */
async function downloadAndHangUp(page: Page, jobId: string) {
  const base = new URL(page.url());
  const cookie = (await page.context().cookies(base.origin)).map((c) => `${c.name}=${c.value}`).join('; ');
  const request = [
    `POST /api/v1/bulk-jobs/${jobId}/pins/download HTTP/1.1`,
    `Host: ${base.host}`,
    `Origin: ${base.origin}`,
    `Cookie: ${cookie}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect({ host: base.hostname, port: Number(base.port) }, () => socket.end(request, () => (socket.destroy(), resolve())));
    socket.once('error', reject);
  });
}

const jobEvents = async (jobId: string) =>
  testDb().auditEvent.findMany({
    where: { targetId: jobId, action: { startsWith: 'bulk_job.pins_' } },
    orderBy: { id: 'asc' },
    select: { id: true, action: true },
  });
const heldPins = (jobId: string) => testDb().bulkJobItem.count({ where: { jobId, pinCiphertext: { not: null } } });

test.describe('bulk job PINs are erased only once the administrator has the file', () => {
  test('[CsUserAdministrator] a dropped download keeps the PINs unaudited; Download CSV, then "I have saved the file — erase the PINs"', async ({
    asUserAdmin: page,
    asAdmin: auditor,
  }) => {
    test.setTimeout(180_000);
    const jobId = await runSmithJob(page);
    const done = await testDb().bulkJobItem.count({ where: { jobId, status: 'done' } });
    expect(done).toBeGreaterThan(1);
    await expect(page.getByText(/They will be erased automatically at /)).toBeVisible();

    // A client that goes away right after asking: nothing erased, no download recorded.
    await downloadAndHangUp(page, jobId);
    const complete = await page.request.post(`/api/v1/bulk-jobs/${jobId}/pins/download`, { headers: { Origin: new URL(page.url()).origin } });
    expect(complete.status()).toBe(200);
    const fromApi = await complete.body();
    await expect.poll(async () => (await jobEvents(jobId)).length, { timeout: 20_000 }).toBe(1);
    expect(await heldPins(jobId)).toBe(done);

    // Download CSV in the page: the same file, the checksum filled in, the PINs still there.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const file = fs.readFileSync((await (await downloading).path())!);
    expect(file.equals(fromApi)).toBe(true);
    // One line per user of the job: the PINs, and the users skipped or failed with the reason.
    const listed = await testDb().bulkJobItem.count({ where: { jobId, status: { in: ['done', 'skipped', 'failed'] } } });
    expect(file.toString('utf8').trim().split('\r\n')).toHaveLength(listed + 1);
    const checksum = page.getByLabel('SHA-256 of the saved file');
    await expect(checksum).toHaveValue(sha256(file));
    await page.getByRole('checkbox', { name: 'Show PIN' }).check();
    const results = page.getByRole('table', { name: 'Set PIN: result for each user' });
    await expect(
      results
        .getByRole('cell')
        .filter({ hasText: /^\d{4,24}$/ })
        .first(),
    ).toBeVisible();

    // A checksum that is not the file's erases nothing.
    await checksum.fill('0'.repeat(64));
    await page.getByRole('button', { name: 'I have saved the file — erase the PINs' }).click();
    await expect(page.getByText(/Nothing was erased: this SHA-256 is not that of the PIN file/)).toBeVisible();
    expect(await heldPins(jobId)).toBe(done);

    // Dismiss PINs (erase unsaved) asks first; "Keep the PINs" keeps them.
    await page.getByRole('button', { name: 'Dismiss PINs' }).click();
    const dismiss = page.getByRole('group', { name: 'Dismiss PINs' });
    await expect(dismiss).toContainText('Erase the PINs without saving them?');
    await dismiss.getByRole('button', { name: 'Keep the PINs' }).click();
    await expect(page.getByRole('button', { name: 'Dismiss PINs' })).toBeVisible();
    expect(await heldPins(jobId)).toBe(done);

    await checksum.fill(sha256(file));
    await page.getByRole('button', { name: 'I have saved the file — erase the PINs' }).click();
    await expect(page.getByText(`The ${done.toLocaleString('en-US')} PINs were erased from the server.`)).toBeVisible();
    await expect(page.getByText('The PINs of this job were erased after the administrator confirmed they saved the downloaded file.')).toBeVisible();
    await expect(results.getByRole('cell', { name: 'Erased', exact: true }).first()).toBeVisible();
    await expect(results.getByRole('cell', { name: /^\d{4,24}$/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Download CSV' })).toHaveCount(0);
    await expect(page.getByRole('checkbox', { name: 'Show PIN' })).toHaveCount(0);
    expect(await heldPins(jobId)).toBe(0);
    expect((await page.request.post(`/api/v1/bulk-jobs/${jobId}/pins/download`, { headers: { Origin: new URL(page.url()).origin } })).status()).toBe(410);

    // The trail: the two delivered downloads (not the dropped one), Show PIN, then the erase.
    const events = (await jobEvents(jobId)).filter((e) => e.action !== 'bulk_job.pins_revealed');
    expect(events.map((e) => e.action)).toEqual(['bulk_job.pins_downloaded', 'bulk_job.pins_downloaded', 'bulk_job.pins_erased']);
    // The Audit page (a CsAdministrator's: audit.read) shows them, downloaded before erased.
    await auditor.goto('/audit?action=bulk_job.pins_');
    for (const event of events) {
      const row = auditor.getByRole('row').filter({ has: auditor.getByRole('cell', { name: String(event.id), exact: true }) });
      await expect(row.getByRole('cell', { name: /(downloaded the bulk job’s PINs|bulk job’s saved PINs were erased)\.$/ })).toBeVisible();
    }
  });
});
