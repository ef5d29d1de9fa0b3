/**
 * The Directory page against a real Active Directory domain controller (Samba's, provisioned
 * by tests/support/samba-dc.ts): a CsAdministrator connects it, tests the connection,
 * previews and syncs; a Finance user from AD gets a PIN that logs on through the bridge API,
 * and once disabled in AD and synced, is refused. A CsUserAdministrator can neither open the
 * page nor call its actions.
 */
import { bridgeKey } from './fixtures/accounts';
import { testDb } from './fixtures/db';
import { expect, postServerAction, serverActionId, test } from './fixtures/test';
import { startSambaDc, type SambaDc } from '../tests/support/samba-dc';

let dc: SambaDc;
let averyDn: string;
const LINE = 'tel:+14255557001;ext=7001';

test.describe('Directory', () => {
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    dc = await startSambaDc();
    const finance = await dc.addOu('Finance');
    [averyDn] = await dc.addUsers(finance, [
      {
        sam: 'averyfinance',
        displayName: 'Avery Finance',
        givenName: 'Avery',
        sn: 'Finance',
        line: LINE,
        attributes: { department: 'Finance', title: 'Controller' },
      },
      { sam: 'blakefinance', displayName: 'Blake Finance', line: 'tel:+14255557002;ext=7002', attributes: { department: 'Finance' } },
    ]);
  });
  // Other specs count the demo directory's users: the synced ones go again.
  test.afterAll(async () => {
    await dc?.stop();
    for (const name of ['Litware AD', 'Skype for Business import']) {
      const source = await testDb().directorySource.findUnique({ where: { name }, select: { id: true } });
      if (!source) continue;
      await testDb().directoryUser.deleteMany({ where: { sourceId: source.id } });
      await testDb().directorySource.delete({ where: { id: source.id } });
    }
  });

  test('[CsAdministrator] connects Active Directory, previews and syncs; an AD user gets a PIN that logs on, and is refused once disabled in AD', async ({
    asAdmin: page,
    request,
  }) => {
    test.setTimeout(180_000);
    await page.goto('/directory');
    await page.getByRole('button', { name: 'Add LDAP source' }).click();
    const form = page.getByRole('form', { name: 'New LDAP source' });
    // Saved empty: each problem under its field.
    await form.getByRole('button', { name: 'Save source' }).click();
    await expect(form.getByRole('status')).toContainText('The source was not saved');
    for (const label of ['Name', 'Server URL', 'Bind password']) await expect(form.getByLabel(label, { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await form.getByLabel('Name', { exact: true }).fill('Litware AD');
    await form.getByLabel('Server URL').fill(dc.ldapsUrl);
    await form.getByLabel('CA certificate (PEM)').fill(dc.caPem);
    await form.getByLabel('TLS server name (optional)').fill(dc.tlsServerName);
    await form.getByLabel('Bind DN').fill(dc.adminUpn);
    await form.getByLabel('Bind password').fill(dc.adminPassword);
    await form.getByLabel('Base DNs (one per line)').fill(dc.baseDn);
    await form.getByLabel('Sync interval (minutes, 0 = only when asked)').fill('0');

    // A wrong password first: the message says so, and names no password.
    await form.getByLabel('Bind password').fill('not-the-password');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(form.getByRole('status')).toContainText(/password/i, { timeout: 30_000 });
    await expect(form.getByRole('status')).not.toContainText('not-the-password');

    await form.getByLabel('Bind password').fill(dc.adminPassword);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(form.getByRole('status')).toContainText('Connected to', { timeout: 30_000 });
    await expect(form.getByRole('status')).toContainText('over LDAPS');
    await form.getByRole('button', { name: 'Save source' }).click();

    const card = page.getByRole('region', { name: 'Litware AD' });
    await expect(card).toBeVisible();
    await expect(page.getByText(dc.adminPassword)).toHaveCount(0);
    await card.getByRole('button', { name: 'Preview sync' }).click();
    await expect(card.getByText('Preview: 2 new, 0 changed, 0 disabled, 0 removed, 0 skipped')).toBeVisible({ timeout: 30_000 });

    await card.getByRole('button', { name: 'Sync now' }).click();
    await expect(card.getByText(/^2 read · 2 new, 0 changed/)).toBeVisible({ timeout: 60_000 });
    await expect(card.getByText('Finished', { exact: true })).toBeVisible();

    // The synced user on the Users page: a Set PIN, and the bridge logs on with it.
    await page.goto('/users?q=Avery+Finance');
    await page.getByRole('checkbox', { name: 'Select Avery Finance' }).check();
    await page.getByRole('button', { name: 'Action' }).click();
    await page.getByRole('menuitem', { name: 'Set PIN' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set PIN for Avery Finance' });
    await dialog.getByRole('radio', { name: 'Manually enter a specific PIN' }).check();
    await dialog.getByRole('textbox', { name: 'PIN' }).fill('5820461937');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog.getByRole('checkbox', { name: 'Show PIN' })).toBeVisible();

    const logon = () => request.post('/api/v1/pin-logon', { headers: { Authorization: `Bearer ${bridgeKey}` }, data: { identity: LINE, pin: '5820461937' } });
    expect(await (await logon()).json()).toMatchObject({
      result: 'accepted',
      user: { sipAddress: 'sip:averyfinance@litwareinc.com', displayName: 'Avery Finance' },
    });

    // Disabled in AD → after a sync, the same PIN is refused.
    await dc.disableUser(averyDn);
    await page.goto('/directory');
    await page.getByRole('region', { name: 'Litware AD' }).getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByRole('region', { name: 'Litware AD' }).getByText(/^1 read · 0 new, 0 changed, 1 disabled/)).toBeVisible({ timeout: 60_000 });
    expect(await (await logon()).json()).toEqual({ result: 'rejected' });
    await expect(page.getByRole('table', { name: 'Sync history' })).toContainText('Litware AD');
  });

  test('[CsAdministrator] imports a Skype for Business export: a preview by line, nothing imported until Import', async ({ asAdmin: page }) => {
    await page.goto('/directory');
    const panel = page.getByRole('region', { name: 'Import from file' });
    await panel.getByLabel('Export file (CSV)').setInputFiles('tests/fixtures/sfb-export/bad-rows.csv');
    await panel.getByRole('button', { name: 'Import from file' }).click();
    const problems = panel.getByRole('table', { name: /Rows that will not be imported/ });
    await expect(problems).toContainText('line 4');
    await expect(problems).toContainText('it has no SIP address');
    await expect(problems).toContainText('line 5 (sip:badline@litwareinc.com)');
    await expect(panel.getByText(/^Preview: 5 new/)).toBeVisible();
    expect(await testDb().directoryUser.count({ where: { upn: 'anna@litwareinc.com' } })).toBe(0);

    await panel.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(panel.getByText(/^10 read · 5 new/)).toBeVisible({ timeout: 30_000 });
    await page.goto('/users?q=Anna+Lidman');
    await expect(page.getByRole('checkbox', { name: 'Select Anna Lidman' })).toBeVisible();
  });

  test('[CsAdministrator] the Directory page and its form fit a phone', async ({ asAdmin: page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto('/directory');
    await page.getByRole('button', { name: 'Add LDAP source' }).click();
    await expect(page.getByRole('form', { name: 'New LDAP source' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test('[CsUserAdministrator] cannot open the Directory page, and a direct call of its actions is refused', async ({ asUserAdmin: page }) => {
    const response = await page.goto('/directory');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('link', { name: 'Directory' })).toHaveCount(0);
    const { body } = await postServerAction(page, '/users', serverActionId('app/(admin)/directory/actions.ts', 'startSyncAction'), [{ sourceId: 'any' }]);
    expect(body).toContain('FORBIDDEN');
    expect(body).not.toContain('runId');
  });
});
