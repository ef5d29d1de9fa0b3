import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { testDb, userIdByUpn } from './fixtures/db';
import { expect, postServerAction, serverActionId, test } from './fixtures/test';

async function findUser(page: Page, text: string) {
  await page.goto('/users');
  const box = page.getByRole('searchbox', { name: 'Search users' });
  await box.fill(text);
  await box.press('Enter');
  const escaped = new URLSearchParams({ q: text }).toString().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await expect(page).toHaveURL(new RegExp(escaped));
}

async function openSetPin(page: Page, displayName: string) {
  await page.getByRole('checkbox', { name: `Select ${displayName}` }).check();
  await page.getByRole('button', { name: 'Action' }).click();
  await page.getByRole('menuitem', { name: 'Set PIN' }).click();
  return page.getByRole('dialog', { name: `Set PIN for ${displayName}` });
}

test.describe('Users page', () => {
  test.beforeEach(async () => {
    // Each test starts with Ken Myer unlocked.
    const ken = await userIdByUpn('kenmyer@litwareinc.com');
    await testDb().pinState.updateMany({ where: { userId: ken }, data: { adminLockedAt: null, systemLockedAt: null, lockedUntil: null, localFailures: 0 } });
  });

  test('[CsUserAdministrator] generates a PIN for Ken Myer, shown only after Show PIN, and the mailto link carries it', async ({ asUserAdmin: page }) => {
    await findUser(page, 'Ken Myer');
    const dialog = await openSetPin(page, 'Ken Myer');
    await expect(dialog.getByRole('radio', { name: 'Automatically generate a valid PIN' })).toBeChecked();
    await dialog.getByRole('button', { name: 'OK' }).click();
    const show = dialog.getByRole('checkbox', { name: 'Show PIN' });
    await expect(show).toBeVisible();
    await expect(show).not.toBeChecked();
    await expect(dialog.getByText(/^\d{4,24}$/)).toHaveCount(0);
    await show.check();
    const pin = (await dialog.getByText(/^\d{4,24}$/).textContent())!.trim();
    expect(pin).toMatch(/^\d{6,}$/);
    const href = await dialog.getByRole('link', { name: 'Open my email application to send the new PIN to the user' }).getAttribute('href');
    expect(href).toMatch(/^mailto:kenmyer%40litwareinc\.com\?/);
    expect(decodeURIComponent(href!)).toContain(pin);
    expect(decodeURIComponent(href!)).toContain('/dialin');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(
      page
        .getByRole('row', { name: /Ken Myer/ })
        .getByRole('cell', { name: 'Yes' })
        .first(),
    ).toBeVisible();
    // The PIN is nowhere in the audit trail. Only the written fields are searched: the chain's hex
    // hashes hold any 6-digit run now and then, which would fail this test by chance.
    const audit = await testDb().auditEvent.findMany({
      where: { action: 'pin.set' },
      select: { actorName: true, targetName: true, userAgent: true, details: true },
    });
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain(pin);
  });

  test('[CsUserAdministrator] a manual 12345 is refused by name, a valid PIN is accepted', async ({ asUserAdmin: page }) => {
    await findUser(page, 'Ken Myer');
    const dialog = await openSetPin(page, 'Ken Myer');
    await dialog.getByRole('radio', { name: 'Manually enter a specific PIN' }).check();
    await dialog.getByRole('textbox', { name: 'PIN' }).fill('12345');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog.getByRole('alert')).toContainText(/at least \d+ digits|consecutive digits/);
    await expect(dialog.getByRole('textbox', { name: 'PIN' })).toBeVisible();
    await dialog.getByRole('textbox', { name: 'PIN' }).fill('9753186');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.getByRole('checkbox', { name: 'Show PIN' }).check();
    await expect(dialog.getByText('9753186', { exact: true })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });

  test('[CsUserAdministrator] a locked PIN must be unlocked in the Set PIN dialog first', async ({ asUserAdmin: page }) => {
    const ken = await userIdByUpn('kenmyer@litwareinc.com');
    await testDb().pinState.upsert({
      where: { userId: ken },
      create: { userId: ken, adminLockedAt: BigInt(Date.now()) },
      update: { adminLockedAt: BigInt(Date.now()) },
    });
    await findUser(page, 'Ken Myer');
    const dialog = await openSetPin(page, 'Ken Myer');
    await expect(dialog.getByText("Ken Myer's PIN is locked.")).toBeVisible();
    await dialog.getByRole('button', { name: 'Unlock PIN' }).click();
    await expect(dialog.getByText("Ken Myer's PIN is locked.")).toBeHidden();
    await expect(dialog.getByRole('status').filter({ hasText: 'Unlocked the PIN of Ken Myer.' })).toBeVisible();
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog.getByRole('checkbox', { name: 'Show PIN' })).toBeVisible();
  });

  test('[CsHelpDesk] unlocks a locked user and has no Set PIN; a direct POST of Set PIN is refused', async ({ asHelpDesk: page }) => {
    await page.goto('/users?fp=isLockedOut&fo=eq&fv=True&max=5');
    const first = page.getByRole('checkbox', { name: /^Select (?!all search results)/ }).first();
    const name = (await first.getAttribute('aria-label'))!.replace(/^Select /, '');
    await first.check();
    await page.getByRole('button', { name: 'Action' }).click();
    await expect(page.getByRole('menuitem', { name: 'Set PIN' })).toHaveCount(0);
    await page.getByRole('menuitem', { name: 'Unlock PIN' }).click();
    await expect(page.getByText(`Unlocked the PIN of ${name}.`)).toBeVisible();
    const user = await testDb().directoryUser.findFirstOrThrow({ where: { displayName: name }, include: { pinState: true } });
    expect(user.pinState?.adminLockedAt ?? null).toBeNull();
    expect(user.pinState?.systemLockedAt ?? null).toBeNull();

    const ken = await userIdByUpn('kenmyer@litwareinc.com');
    const before = await testDb().pinState.findUnique({ where: { userId: ken }, omit: { pinHash: false } });
    const { body } = await postServerAction(page, '/users', serverActionId('app/(admin)/users/actions.ts', 'setPinAction'), [
      { mode: 'manual', userId: ken, pin: '97531864' },
    ]);
    expect(body).toContain('FORBIDDEN');
    const after = await testDb().pinState.findUnique({ where: { userId: ken }, omit: { pinHash: false } });
    expect(after?.pinHash ?? null).toBe(before?.pinHash ?? null);
  });

  test('[CsViewOnlyAdministrator] sees PIN statuses only', async ({ asViewer: page }) => {
    await findUser(page, 'Ken Myer');
    await page.getByRole('checkbox', { name: 'Select Ken Myer' }).check();
    await page.getByRole('button', { name: 'Action' }).click();
    await expect(page.getByRole('menuitem')).toHaveText(['View PIN status']);
    await page.getByRole('menuitem', { name: 'View PIN status' }).click();
    const dialog = page.getByRole('dialog', { name: 'PIN status of Ken Myer' });
    for (const field of ['IsPinSet', 'IsLockedOut', 'LastPinChangeTime', 'PinExpirationTime', 'Effective PIN policy']) {
      await expect(dialog.getByText(field, { exact: true })).toBeVisible();
    }
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });

  test('[CsUserAdministrator] "* Smith" finds the Smiths by display name', async ({ asUserAdmin: page }) => {
    await findUser(page, '* Smith');
    const names = await page
      .getByRole('checkbox', { name: /^Select (?!all search results)/ })
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    const expected = await testDb().directoryUser.count({ where: { displayName: { endsWith: ' Smith' } } });
    expect(names.length).toBe(expected);
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const name of names) expect(name).toMatch(/ Smith$/);
  });

  test('[CsUserAdministrator] an OU filter includes child OUs, and the search survives a reload', async ({ asUserAdmin: page }) => {
    await page.goto('/users');
    await page.getByRole('button', { name: 'Add Filter' }).click();
    await page.getByRole('combobox', { name: 'Property' }).selectOption({ label: 'OU' });
    await page.getByRole('combobox', { name: 'Operator' }).selectOption({ label: 'Equal to' });
    await page.getByRole('combobox', { name: 'Value' }).fill('OU=Finance,DC=litwareinc,DC=com');
    await page.getByRole('spinbutton', { name: 'Maximum users to display' }).fill('5000');
    await page.getByRole('button', { name: 'Find' }).click();
    const expected = await testDb().directoryUser.count({ where: { ouPath: { startsWith: 'litwareinc.com/Finance/' } } });
    const inChildOu = await testDb().directoryUser.count({
      where: { ouPath: { startsWith: 'litwareinc.com/Finance/' }, NOT: { ouPath: 'litwareinc.com/Finance/' } },
    });
    expect(inChildOu).toBeGreaterThan(0);
    await expect(page.getByRole('status').filter({ hasText: `${expected.toLocaleString('en-US')} users` })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('combobox', { name: 'Value' })).toHaveValue('OU=Finance,DC=litwareinc,DC=com');
    await expect(page.getByRole('status').filter({ hasText: `${expected.toLocaleString('en-US')} users` })).toBeVisible();

    await page.getByRole('checkbox', { name: 'Select all search results' }).check();
    await expect(page.getByRole('status').filter({ hasText: `${expected.toLocaleString('en-US')} selected` })).toBeVisible();
  });

  test('[CsUserAdministrator] "Select all search results" selects every match when the URL lists max first', async ({ asUserAdmin: page }) => {
    // The app writes fp/fo/fv before max; a bookmarked or hand-written URL need not.
    await page.goto(`/users?max=5000&${new URLSearchParams({ fp: 'ou', fo: 'eq', fv: 'OU=Finance,DC=litwareinc,DC=com' })}`);
    const expected = await testDb().directoryUser.count({ where: { ouPath: { startsWith: 'litwareinc.com/Finance/' } } });
    expect(expected).toBeGreaterThan(1);
    const count = expected.toLocaleString('en-US');
    await expect(page.getByRole('status').filter({ hasText: `${count} users` })).toBeVisible();
    await page.getByRole('checkbox', { name: 'Select all search results' }).check();
    await expect(page.getByRole('status').filter({ hasText: `${count} selected` })).toBeVisible();
    await page.getByRole('button', { name: 'Action' }).click();
    await page.getByRole('menuitem', { name: 'Lock PIN', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Lock PIN for ${count} users` });
    // The server's WhatIf works on the same search: it accounts for every user, not for none.
    // (A count that starts with 1-9: "0 PINs will be locked" is the very failure this guards against.)
    await expect(dialog.getByRole('status')).toContainText(/(?<![\d,])[1-9][\d,]* (PINs? will be locked|(is|are) locked already)/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  test('[CsUserAdministrator] a search with two filters shows the server-rendered result without searching again', async ({ asUserAdmin: page }) => {
    const searches: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/v1/users') searches.push(request.url());
    });
    const finance = new URLSearchParams([
      ['fp', 'ou'],
      ['fo', 'eq'],
      ['fv', 'OU=Finance,DC=litwareinc,DC=com'],
      ['fp', 'enabled'],
      ['fo', 'eq'],
      ['fv', 'True'],
    ]);
    await page.goto(`/users?${finance}`);
    const expected = await testDb().directoryUser.count({ where: { ouPath: { startsWith: 'litwareinc.com/Finance/' }, enabled: true } });
    await expect(page.getByRole('status').filter({ hasText: `${Math.min(expected, 200).toLocaleString('en-US')} users` })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(searches).toEqual([]);
  });

  test('[CsUserAdministrator] saves a query and opens it again', async ({ asUserAdmin: page }) => {
    await findUser(page, 'Ken');
    await page.getByRole('button', { name: 'Save query' }).click();
    await page.getByRole('dialog', { name: 'Save query' }).getByRole('textbox', { name: 'Query name' }).fill('Kens');
    await page.getByRole('dialog', { name: 'Save query' }).getByRole('button', { name: 'Save' }).click();
    // The dialog closes once the save has committed; leaving before that raced it (seen once).
    await expect(page.getByRole('dialog', { name: 'Save query' })).toBeHidden();
    await page.goto('/users');
    await page.getByRole('button', { name: 'Open query' }).click();
    await page.getByRole('button', { name: 'Open Kens' }).click();
    await expect(page).toHaveURL(/q=Ken/);
    await expect(page.getByRole('searchbox', { name: 'Search users' })).toHaveValue('Ken');
  });

  test('[CsUserAdministrator] works from the keyboard alone', async ({ asUserAdmin: page }) => {
    await page.goto('/users');
    await page.getByRole('searchbox', { name: 'Search users' }).focus();
    await page.keyboard.type('Ken Myer');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Find' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/q=Ken\+Myer/);
    const select = page.getByRole('checkbox', { name: 'Select Ken Myer' });
    await select.focus();
    await page.keyboard.press('Space');
    await expect(select).toBeChecked();
    await page.getByRole('button', { name: 'Action' }).focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('menuitem', { name: 'View PIN status' })).toBeFocused();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'PIN status of Ken Myer' });
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });

  test('[CsAdministrator] /users has no serious accessibility violations', async ({ asAdmin: page }) => {
    await page.goto('/users');
    await expect(page.getByRole('button', { name: 'Find' })).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});
