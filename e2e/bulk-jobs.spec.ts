import fs from 'node:fs';
import { bridgeKey } from './fixtures/accounts';
import { testDb } from './fixtures/db';
import { expect, postServerAction, serverActionId, test } from './fixtures/test';

const FINANCE = 'OU=Finance,DC=litwareinc,DC=com';
const financeUsers = { ouPath: { startsWith: 'litwareinc.com/Finance/' } };

async function withoutPinCount() {
  return testDb().directoryUser.count({ where: { OR: [{ pinState: null }, { pinState: { pinHash: null } }] } });
}

test.describe('bulk PIN jobs', () => {
  test('[CsUserAdministrator] gives every Finance user without a PIN one: WhatIf table, progress, CSV, an existing PIN kept and still logging on', async ({
    asUserAdmin: page,
    request,
  }) => {
    test.setTimeout(240_000);
    const db = testDb();
    const inOu = await db.directoryUser.count({ where: financeUsers });
    const children = await db.directoryUser.count({ where: { ouPath: { startsWith: 'litwareinc.com/Finance/', not: 'litwareinc.com/Finance/' } } });
    expect(children).toBeGreaterThan(0); // the OU has child OUs, and they count
    const skippedDisabled = await db.directoryUser.count({ where: { ...financeUsers, enabled: false } });
    const noPinBefore = await withoutPinCount();

    // A Finance user whose PIN a colleague set minutes ago: the job must leave it working.
    const keeper = await db.directoryUser.findFirstOrThrow({
      where: { ...financeUsers, enabled: true, OR: [{ pinState: null }, { pinState: { pinHash: null, adminLockedAt: null } }] },
      select: { sipAddress: true, displayName: true },
    });
    const keeperIdentity = keeper.sipAddress.replace(/^sip:/, '');
    const keeperPin = '7391046283519264';
    await page.goto('/users');
    const setByColleague = await page.evaluate(
      async ({ identity, pin }) =>
        (await fetch('/api/v1/pins/set', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ identity, pin }) })).status,
      { identity: keeperIdentity, pin: keeperPin },
    );
    expect(setByColleague).toBe(200);
    const withPin = await db.directoryUser.count({ where: { ...financeUsers, enabled: true, pinState: { pinHash: { not: null } } } });
    expect(withPin).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Presets' }).click();
    await page.getByRole('menuitem', { name: 'All users in an OU' }).click();
    const presetDialog = page.getByRole('dialog', { name: 'All users in an OU' });
    await presetDialog.getByLabel('Organizational unit').selectOption(FINANCE);
    await presetDialog.getByRole('button', { name: 'Select users' }).click();
    await expect(page.getByRole('status').filter({ hasText: `${inOu.toLocaleString('en-US')} selected` })).toBeVisible();

    await page.getByRole('button', { name: 'Action' }).click();
    await page.getByRole('menuitem', { name: 'Set PIN' }).click();
    const dialog = page.getByRole('dialog', { name: `Set PIN for ${inOu.toLocaleString('en-US')} users` });
    const existing = dialog.getByRole('radiogroup', { name: 'Existing PINs' });
    await expect(existing.getByRole('radio', { name: 'Only users without a PIN' })).toBeChecked();
    await expect(existing.getByRole('radio', { name: 'Replace existing PINs' })).not.toBeChecked();
    const whatIf = dialog.getByRole('status');
    await expect(whatIf).toContainText('will get a new PIN');
    await expect(whatIf).toContainText('a PIN already and will keep it');
    const changed = Number((await whatIf.textContent())!.match(/^([\d,]+) users? will get a new PIN/)![1].replace(/,/g, ''));

    // The WhatIf table: one row per kind of user, adding up to the selection.
    const table = dialog.getByRole('table', { name: 'WhatIf: what happens to the selected users' });
    const countOf = async (label: string) => {
      const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
      return Number((await row.getByRole('cell').first().textContent())!.replace(/,/g, ''));
    };
    const counts = {
      without: await countOf('Without a PIN'),
      with: await countOf('With a PIN'),
      locked: await countOf('Locked'),
      disabled: await countOf('Disabled'),
    };
    expect(await countOf('Total selected')).toBe(inOu);
    expect(counts.without + counts.with + counts.locked + counts.disabled).toBe(inOu);
    expect(counts).toMatchObject({ without: changed, with: withPin, disabled: skippedDisabled });
    await expect(table.getByRole('row').filter({ hasText: 'With a PIN' })).toContainText('Skipped: keep their PIN');

    // "Replace existing PINs" says how many it would replace; back to keep before confirming.
    await existing.getByRole('radio', { name: 'Replace existing PINs' }).check();
    await expect(whatIf).toContainText('existing PIN');
    await expect(table.getByRole('row').filter({ hasText: 'With a PIN' })).toContainText('PIN will be replaced');
    await existing.getByRole('radio', { name: 'Only users without a PIN' }).check();
    await expect(table.getByRole('row').filter({ hasText: 'With a PIN' })).toContainText('Skipped: keep their PIN');
    await dialog.getByRole('button', { name: 'Confirm' }).click();

    await expect(page).toHaveURL(/\/jobs\/[^/]+$/);
    const jobId = page.url().split('/').at(-1)!;
    const progress = page.getByRole('progressbar', { name: 'Set PIN progress' });
    await expect(progress).toBeVisible();
    await expect(progress).toHaveAttribute('aria-valuemax', String(inOu));
    await expect(progress).toHaveAttribute('aria-valuenow', String(inOu), { timeout: 180_000 });
    await expect(page.getByText('finished')).toBeVisible();
    // Once ended, the header says what was done, not what will be.
    await expect(page.getByText(`Set ${changed.toLocaleString('en-US')} PINs; skipped ${(inOu - changed).toLocaleString('en-US')} users.`)).toBeVisible();
    await expect(page.getByText(/will get a new PIN/)).toHaveCount(0);

    // The progress survives a reload: it is the server's.
    await page.reload();
    await expect(page.getByRole('progressbar', { name: 'Set PIN progress' })).toHaveAttribute('aria-valuenow', String(inOu));

    // PINs hidden until Show PIN.
    const results = page.getByRole('table', { name: 'Set PIN: result for each user' });
    await expect(results.getByRole('cell', { name: 'hidden' }).first()).toBeVisible();
    await page.getByRole('checkbox', { name: 'Show PIN' }).check();
    await expect(
      results
        .getByRole('cell')
        .filter({ hasText: /^\d{4,24}$/ })
        .first(),
    ).toBeVisible();

    // The CSV: every user of the job, each field quoted, PINs as ="…" (leading zeros kept), the skipped with their reason.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const file = await (await downloading).path();
    const lines = fs.readFileSync(file, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('"Identity","DisplayName","PIN","Result","Reason"');
    expect(lines).toHaveLength(inOu + 1);
    expect(lines.filter((l) => /,"=""\d+""","Changed",""$/.test(l))).toHaveLength(changed);
    expect(lines).toContain(`"${keeperIdentity}","${keeper.displayName}","","Skipped","Already has a PIN."`);
    // The download keeps the PINs; the confirmation with the file's checksum erases them.
    await expect(page.getByLabel('SHA-256 of the saved file')).toHaveValue(/^[0-9a-f]{64}$/);
    await page.getByRole('button', { name: 'I have saved the file — erase the PINs' }).click();
    await expect(page.getByText(/PINs were erased from the server\./)).toBeVisible();
    await expect(page.getByRole('checkbox', { name: 'Show PIN' })).toHaveCount(0);
    await expect(results.getByRole('cell', { name: 'Erased', exact: true }).first()).toBeVisible();
    await expect(results.getByRole('cell', { name: 'hidden' })).toHaveCount(0);

    // A PIN from the file logs on through the bridge API, and so does the PIN the job kept.
    const [, identity, pin] = lines.find((l) => l.includes('"Changed"'))!.match(/^"([^"]+)",.*?,"=""(\d+)""",/)!;
    const logon = await request.post('/api/v1/pin-logon', { headers: { Authorization: `Bearer ${bridgeKey}` }, data: { identity, pin } });
    expect(await logon.json()).toMatchObject({ result: 'accepted', user: { sipAddress: `sip:${identity}` } });
    const kept = await request.post('/api/v1/pin-logon', {
      headers: { Authorization: `Bearer ${bridgeKey}` },
      data: { identity: keeperIdentity, pin: keeperPin },
    });
    expect(await kept.json()).toMatchObject({ result: 'accepted', user: { sipAddress: keeper.sipAddress } });

    // "Users without a PIN" no longer holds them.
    await page.goto('/users');
    await page.getByRole('button', { name: 'Presets' }).click();
    await page.getByRole('menuitem', { name: 'Users without a PIN' }).click();
    const noPinAfter = await withoutPinCount();
    expect(noPinAfter).toBeLessThanOrEqual(noPinBefore);
    expect(await db.directoryUser.count({ where: { ...financeUsers, enabled: true, pinState: { pinHash: { not: null } } } })).toBe(withPin + changed);
    await expect(page.getByRole('status').filter({ hasText: `${noPinAfter.toLocaleString('en-US')} user` })).toBeVisible();
    await page.getByRole('searchbox', { name: 'Search users' }).fill(identity.split('@')[0]);
    await page.getByRole('button', { name: 'Find' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^0 users/ })).toBeVisible();

    // One audit event per user changed, plus the job's start and end, each Show PIN (a page
    // fetch: the results table may fetch it more than once), the download and the erase.
    const events = await db.auditEvent.findMany({ where: { targetId: jobId }, orderBy: { id: 'asc' }, select: { action: true, details: true } });
    const revealed = events.filter((e) => e.action === 'bulk_job.pins_revealed');
    expect(revealed.length).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(revealed[0].details)).toMatchObject({ page: 1, pins: expect.any(Number) });
    // (Show PIN stays on after the download, so its page may be fetched again before the erase.)
    expect(events.filter((e) => e.action !== 'bulk_job.pins_revealed').map((e) => e.action)).toEqual([
      'bulk_job.started',
      'bulk_job.completed',
      'bulk_job.pins_downloaded',
      'bulk_job.pins_erased',
    ]);
    expect(JSON.parse(events.find((e) => e.action === 'bulk_job.pins_downloaded')!.details)).toMatchObject({ pins: changed });
    expect(events.findLastIndex((e) => e.action === 'bulk_job.pins_revealed')).toBeLessThan(events.length - 1);
    expect(events.findIndex((e) => e.action === 'bulk_job.pins_revealed')).toBe(2);
    expect(await db.auditEvent.count({ where: { action: 'pin.set', details: { contains: jobId } } })).toBe(changed);
  });

  test('[CsHelpDesk] an unknown job id shows "Job not found" with the way back to Bulk jobs', async ({ asHelpDesk: page }) => {
    const response = await page.goto('/jobs/00000000-0000-4000-8000-000000000000');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Job not found' })).toBeVisible();
    await page.getByRole('link', { name: 'Bulk jobs', exact: true }).last().click();
    await expect(page).toHaveURL(/\/jobs$/);
    await expect(page.getByRole('heading', { name: 'Bulk jobs' })).toBeVisible();
  });

  test('[CsAdministrator] cancels a running job: users not reached keep their old state', async ({ asAdmin: page }) => {
    await page.goto('/users');
    await page.getByRole('button', { name: 'Presets' }).click();
    await page.getByRole('menuitem', { name: 'Users without a PIN' }).click();
    await expect(page.getByRole('status').filter({ hasText: /\d{3,} selected/ })).toBeVisible();
    await page.getByRole('button', { name: 'Action' }).click();
    await page.getByRole('menuitem', { name: 'Set PIN' }).click();
    const dialog = page.getByRole('dialog', { name: /^Set PIN for [\d,]+ users$/ });
    await expect(dialog.getByRole('status')).toContainText('will get a new PIN');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('button', { name: 'Cancel job' }).click();
    await expect(page.getByText(/cancelled: [\d,]+ users were left unchanged/)).toBeVisible();
    await expect(page.getByText(/^Set [\d,]+ PINs? before the job was cancelled/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Cancel job' })).toHaveCount(0);

    const jobId = page.url().split('/').at(-1)!;
    const db = testDb();
    expect(await db.bulkJob.findUniqueOrThrow({ where: { id: jobId }, select: { status: true } })).toEqual({ status: 'cancelled' });
    const items = await db.bulkJobItem.findMany({ where: { jobId }, select: { userId: true, status: true } });
    const done = items.filter((i) => i.status === 'done').map((i) => i.userId);
    const cancelled = items.filter((i) => i.status === 'cancelled').map((i) => i.userId);
    expect(cancelled.length).toBeGreaterThan(0);
    expect(done.length + cancelled.length + items.filter((i) => i.status === 'skipped').length).toBe(items.length);
    // Every user reached has a PIN and an audit event; nobody after the cancel got one.
    expect(await db.auditEvent.count({ where: { action: 'pin.set', details: { contains: jobId } } })).toBe(done.length);
    expect(await db.pinState.count({ where: { userId: { in: cancelled }, pinHash: { not: null } } })).toBe(0);
    expect(await db.auditEvent.count({ where: { targetId: jobId, action: { in: ['bulk_job.started', 'bulk_job.cancelled'] } } })).toBe(2);
  });

  test('[CsUserAdministrator] assigns a policy to every Smith at once, then back to <Automatic>', async ({ asUserAdmin: page }) => {
    const db = testDb();
    const smiths = await db.directoryUser.findMany({ where: { displayName: { endsWith: ' Smith' } }, select: { id: true } });
    expect(smiths.length).toBeGreaterThan(1);
    for (const [choice, expected] of [
      ['RedmondUsersPinPolicy', 'tag:RedmondUsersPinPolicy'],
      ['<Automatic> (site or global policy)', null],
    ] as const) {
      await page.goto('/users?q=Smith');
      await page.getByRole('checkbox', { name: 'Select all search results' }).check();
      await page.getByRole('button', { name: 'Action' }).click();
      await page.getByRole('menuitem', { name: 'Assign policy' }).click();
      const dialog = page.getByRole('dialog', { name: /^Assign policy for [\d,]+ users$/ });
      await dialog.getByLabel('PIN policy').selectOption({ label: choice });
      await expect(dialog.getByRole('status')).toContainText(`will be assigned ${expected ?? '<Automatic>'}`);
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await expect(page.getByText('finished')).toBeVisible({ timeout: 60_000 });
      const granted = await db.directoryUser.findMany({
        where: { id: { in: smiths.map((u) => u.id) } },
        select: { pinPolicy: { select: { identity: true } } },
      });
      expect(granted.map((u) => u.pinPolicy?.identity ?? null)).toEqual(smiths.map(() => expected));
    }
  });

  test('[CsHelpDesk] can lock many users at once but cannot start a Set PIN job, not even by posting the action', async ({ asHelpDesk: page }) => {
    await page.goto('/users?q=Smith');
    await page.getByRole('checkbox', { name: 'Select all search results' }).check();
    await expect(page.getByRole('status').filter({ hasText: /[2-9]\d* selected|\d{2,} selected/ })).toBeVisible();
    await page.getByRole('button', { name: 'Action' }).click();
    await expect(page.getByRole('menuitem', { name: 'Lock PIN', exact: true })).toBeVisible();
    await expect(page.getByRole('menuitem', { name: 'Set PIN' })).toHaveCount(0);
    const ids = (await testDb().directoryUser.findMany({ where: { displayName: { endsWith: 'Smith' } }, select: { id: true }, take: 2 })).map((u) => u.id);
    const request = { kind: 'set-pin', selection: { kind: 'ids', ids }, options: { unlockLocked: false, policy: null } };
    const { body } = await postServerAction(page, '/users', serverActionId('app/(admin)/users/bulk-actions.ts', 'startBulkJobAction'), [request]);
    expect(body).toContain('FORBIDDEN');
    expect(await testDb().auditEvent.count({ where: { action: 'authorization.denied', targetId: 'users.startBulkJob' } })).toBeGreaterThan(0);
  });
});
