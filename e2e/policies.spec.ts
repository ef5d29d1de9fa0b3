import type { Page } from '@playwright/test';
import { testDb } from './fixtures/db';
import { snapshotPolicies } from './fixtures/policy-snapshot';
import { expect, postServerAction, serverActionId, test } from './fixtures/test';

let restore: () => Promise<void>;
test.beforeAll(async () => {
  restore = await snapshotPolicies();
});
test.afterAll(async () => {
  await restore();
});

const row = (page: Page, identity: string) => page.getByRole('row').filter({ has: page.getByRole('checkbox', { name: `Select ${identity}` }) });
const column = async (page: Page, header: string) => {
  const headers = await page.getByRole('columnheader').allTextContents();
  return headers.findIndex((h) => h.trim() === header);
};
async function cell(page: Page, identity: string, header: string) {
  return row(page, identity)
    .getByRole('cell')
    .nth(await column(page, header));
}

/** Edit → Review changes; then Confirm and save unless `confirm` is false (the review or the errors stay open). */
async function editPolicy(page: Page, identity: string, fields: Record<string, string>, confirm = true) {
  await page.getByRole('checkbox', { name: `Select ${identity}` }).check();
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Edit PIN policy ${identity}` });
  for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label, { exact: true }).fill(value);
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  if (confirm) await dialog.getByRole('button', { name: 'Confirm and save' }).click();
  return dialog;
}

test.describe('PIN policies', () => {
  test('[CsAdministrator] runs the Set-CsPinPolicy examples through the UI', async ({ asAdmin: page }) => {
    await page.goto('/conferencing/pin-policies');

    // Example 1: Set-CsPinPolicy -Identity site:Redmond -MinPasswordLength 10
    await expect(await editPolicy(page, 'site:Redmond', { MinPasswordLength: '10' })).toBeHidden();
    await expect(await cell(page, 'site:Redmond', 'MinPasswordLength')).toHaveText('10');

    // Example 2: a per-user policy with MinPasswordLength 10 and AllowCommonPatterns on
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const create = page.getByRole('dialog', { name: 'New PIN policy' });
    await create.getByLabel('Scope').selectOption({ label: 'Per-user' });
    await create.getByLabel('Name').fill('E2ECommonPatterns');
    await create.getByLabel('MinPasswordLength', { exact: true }).fill('10');
    await create.getByRole('checkbox', { name: 'AllowCommonPatterns' }).check();
    await create.getByRole('button', { name: 'Review changes' }).click();
    await expect(create.getByRole('list', { name: 'Effect of the change' })).toContainText(
      'tag:E2ECommonPatterns governs nobody until it is assigned to users',
    );
    await create.getByRole('button', { name: 'Confirm and create' }).click();
    await expect(create).toBeHidden();
    await expect(await cell(page, 'tag:E2ECommonPatterns', 'MinPasswordLength')).toHaveText('10');
    await expect(await cell(page, 'tag:E2ECommonPatterns', 'AllowCommonPatterns')).toHaveText('True');

    // Example 3: Get-CsPinPolicy | Set-CsPinPolicy -MinPasswordLength 10
    for (const box of await page.getByRole('checkbox', { name: /^Select / }).all()) await box.check();
    await page.getByRole('button', { name: 'Edit selected' }).click();
    const many = page.getByRole('dialog', { name: /^Edit \d+ selected polic/ });
    await many.getByRole('checkbox', { name: 'Change MinPasswordLength' }).check();
    await many.getByLabel('MinPasswordLength', { exact: true }).fill('10');
    await many.getByRole('button', { name: 'Review changes' }).click();
    await many.getByRole('button', { name: 'Confirm and apply' }).click();
    await expect(many).toBeHidden();
    await expect(page.getByText(/^Changed \d+ policies\.$/)).toBeVisible();
    const index = await column(page, 'MinPasswordLength');
    const lengths = () =>
      page
        .getByRole('row')
        .filter({ has: page.getByRole('checkbox') })
        .evaluateAll((rows, i) => [...new Set(rows.map((r) => r.querySelectorAll('td')[i]?.textContent))], index);
    await expect.poll(lengths).toEqual(['10']);

    // Example 4: Where-Object {$_.MinPasswordLength -gt 10} | Set-CsPinPolicy -MaximumLogonAttempts 25
    await page.reload();
    await editPolicy(page, 'site:Dublin', { MinPasswordLength: '12' });
    await expect(await cell(page, 'site:Dublin', 'MinPasswordLength')).toHaveText('12');
    await page.getByRole('button', { name: 'Add comparison' }).click();
    await page.getByRole('combobox', { name: 'Filter property' }).selectOption({ label: 'MinPasswordLength' });
    await page.getByRole('combobox', { name: 'Comparison' }).selectOption({ label: 'greater than' });
    await page.getByRole('textbox', { name: 'Filter value' }).fill('10');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await expect(page.getByRole('checkbox', { name: /^Select / })).toHaveCount(1);
    await page.getByRole('checkbox', { name: 'Select site:Dublin' }).check();
    await page.getByRole('button', { name: 'Edit selected' }).click();
    await many.getByRole('checkbox', { name: 'Change MaximumLogonAttempts' }).check();
    await many.getByLabel('MaximumLogonAttempts', { exact: true }).fill('25');
    await many.getByRole('button', { name: 'Review changes' }).click();
    await expect(many.getByRole('list', { name: 'Effect of the change' })).toContainText('The local logon limit becomes 25 failed attempts');
    await many.getByRole('button', { name: 'Confirm and apply' }).click();
    await expect(await cell(page, 'site:Dublin', 'MaximumLogonAttempts')).toHaveText('25');

    // A Redmond user's manual PIN: 9 digits refused, 10 accepted.
    await page.goto('/users?q=Ken+Myer');
    await page.getByRole('checkbox', { name: 'Select Ken Myer' }).check();
    await page.getByRole('button', { name: 'Action' }).click();
    await page.getByRole('menuitem', { name: 'Set PIN' }).click();
    const setPin = page.getByRole('dialog', { name: 'Set PIN for Ken Myer' });
    await setPin.getByRole('radio', { name: 'Manually enter a specific PIN' }).check();
    await setPin.getByRole('textbox', { name: 'PIN' }).fill('975318642');
    await setPin.getByRole('button', { name: 'OK' }).click();
    await expect(setPin.getByRole('alert')).toContainText('at least 10 digits');
    await setPin.getByRole('textbox', { name: 'PIN' }).fill('9753186420');
    await setPin.getByRole('button', { name: 'OK' }).click();
    await expect(setPin.getByRole('checkbox', { name: 'Show PIN' })).toBeVisible();
  });

  test('[CsAdministrator] out-of-range values are refused next to their field, naming the range', async ({ asAdmin: page }) => {
    await page.goto('/conferencing/pin-policies');
    const dialog = await editPolicy(page, 'global', { PINLifetime: '30', PINHistoryCount: '0' }, false);
    await expect(dialog.getByRole('alert')).toContainText('PINLifetime');
    await expect(dialog.getByRole('alert')).toContainText('PINHistoryCount');
    for (const value of ['25', '3']) {
      await dialog.getByLabel('PINLifetime', { exact: true }).fill('0');
      await dialog.getByLabel('MinPasswordLength', { exact: true }).fill(value);
      await dialog.getByRole('button', { name: 'Review changes' }).click();
      await expect(dialog.getByText('MinPasswordLength must be a whole number from 4 to 24.').first()).toBeVisible();
    }
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await testDb().pinPolicy.findUniqueOrThrow({ where: { identity: 'global' } })).pinLifetime).toBe(0);
  });

  test('[CsAdministrator] deleting a site policy makes its users fall back to global', async ({ asAdmin: page }) => {
    await page.goto('/conferencing/pin-policies');
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const create = page.getByRole('dialog', { name: 'New PIN policy' });
    await create.getByLabel('Site', { exact: true }).selectOption('Tokyo');
    await create.getByRole('button', { name: 'Review changes' }).click();
    await expect(create.getByRole('list', { name: 'Effect of the change' })).toContainText(
      /^site:Tokyo governs [\d,]+ users? .*They move from global to site:Tokyo\./,
    );
    await create.getByRole('button', { name: 'Confirm and create' }).click();
    await expect(row(page, 'site:Tokyo')).toBeVisible();
    const tokyo = await testDb().directoryUser.findFirstOrThrow({ where: { site: { name: 'Tokyo' }, pinPolicyId: null }, select: { displayName: true } });
    const status = async () => {
      await page.goto(`/users?q=${encodeURIComponent(tokyo.displayName)}`);
      await page.getByRole('checkbox', { name: `Select ${tokyo.displayName}` }).check();
      await page.getByRole('button', { name: 'Action' }).click();
      await page.getByRole('menuitem', { name: 'View PIN status' }).click();
      return page.getByRole('dialog', { name: `PIN status of ${tokyo.displayName}` });
    };
    await expect(await status()).toContainText("site:Tokyo (from the user's site)");
    await page.goto('/conferencing/pin-policies');
    await page.getByRole('checkbox', { name: 'Select site:Tokyo' }).check();
    await page.getByRole('button', { name: 'Delete' }).click();
    const remove = page.getByRole('dialog', { name: 'Delete 1 policy' });
    await expect(remove.getByRole('list', { name: 'Effect of the change' })).toContainText(/Deleting site:Tokyo: its \d+ users? .* fall back to global\./);
    await remove.getByRole('button', { name: 'Confirm delete' }).click();
    await expect(row(page, 'site:Tokyo')).toHaveCount(0);
    // Delete is disabled once its selection is gone; focus goes to the main content, not <body>.
    await expect(page.getByRole('button', { name: 'Delete' })).toBeDisabled();
    await expect(page.locator('main#main-content')).toBeFocused();
    await expect(await status()).toContainText('global (global)');
  });

  test('[CsUserAdministrator] can grant a per-user policy but not edit policies', async ({ asUserAdmin: page }) => {
    await page.goto('/conferencing/pin-policies');
    await expect(page.getByRole('button', { name: 'New', exact: true })).toHaveCount(0);
    const { body } = await postServerAction(
      page,
      '/conferencing/pin-policies',
      serverActionId('app/(admin)/conferencing/pin-policies/actions.ts', 'updatePolicyAction'),
      [{ identity: 'global', minPasswordLength: '4' }],
    );
    expect(body).toContain('FORBIDDEN');
    expect((await testDb().pinPolicy.findUniqueOrThrow({ where: { identity: 'global' } })).minPasswordLength).not.toBe(4);

    const smith = await testDb().directoryUser.findFirstOrThrow({ where: { displayName: { endsWith: ' Smith' } }, select: { id: true, displayName: true } });
    await page.goto(`/users?q=${encodeURIComponent(smith.displayName)}`);
    await page.getByRole('checkbox', { name: `Select ${smith.displayName}` }).check();
    await page.getByRole('button', { name: 'Action' }).click();
    await page.getByRole('menuitem', { name: 'Assign policy' }).click();
    const dialog = page.getByRole('dialog', { name: /Assign PIN policy/ });
    await dialog.getByLabel('PIN policy').selectOption({ label: 'RedmondUsersPinPolicy' });
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(page.getByText(`Assigned tag:RedmondUsersPinPolicy to ${smith.displayName}.`)).toBeVisible();
    const granted = await testDb().directoryUser.findUniqueOrThrow({ where: { id: smith.id }, select: { pinPolicy: { select: { identity: true } } } });
    expect(granted.pinPolicy?.identity).toBe('tag:RedmondUsersPinPolicy');
  });

  test('[CsViewOnlyAdministrator] reads policies and access numbers; direct POSTs are refused', async ({ asViewer: page }) => {
    await page.goto('/conferencing/pin-policies');
    await expect(row(page, 'global')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Edit selected' })).toHaveCount(0);
    const remove = await postServerAction(
      page,
      '/conferencing/pin-policies',
      serverActionId('app/(admin)/conferencing/pin-policies/actions.ts', 'removePolicyAction'),
      [{ identities: ['site:Redmond'] }],
    );
    expect(remove.body).toContain('FORBIDDEN');
    expect(await testDb().pinPolicy.count({ where: { identity: 'site:Redmond' } })).toBe(1);
    await page.goto('/conferencing/access-numbers');
    await expect(page.getByRole('button', { name: 'New', exact: true })).toHaveCount(0);
    const create = await postServerAction(
      page,
      '/conferencing/access-numbers',
      serverActionId('app/(admin)/conferencing/access-numbers/actions.ts', 'createAccessNumberAction'),
      [{ displayName: 'Forged', displayNumber: '1', lineUri: 'tel:+15550001', primaryLanguage: 'en-US', regions: 'Europe' }],
    );
    expect(create.body).toContain('FORBIDDEN');
    expect(await testDb().accessNumber.count({ where: { displayName: 'Forged' } })).toBe(0);
  });
});

test.describe('Dial-in access numbers', () => {
  test('[CsAdministrator] creates, orders, edits and deletes a number; the dial-in page follows', async ({ asAdmin: page }) => {
    await page.goto('/conferencing/access-numbers');
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'New dial-in access number' });
    await dialog.getByLabel('DisplayName').fill('E2E Reykjavik');
    await dialog.getByLabel('DisplayNumber').fill('+354 555 0100');
    await dialog.getByLabel('LineUri').fill('not-a-uri');
    await dialog.getByLabel('PrimaryLanguage').fill('is-IS');
    await dialog.getByLabel('SecondaryLanguages').fill('en-US');
    await dialog.getByLabel('Regions').fill('Europe');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByText('LineUri must be a tel: URI').first()).toBeVisible();
    await dialog.getByLabel('LineUri').fill('tel:+3545550100');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();

    const europe = page.getByRole('region', { name: 'Europe' });
    await expect(europe.getByRole('listitem').last()).toContainText('E2E Reykjavik');
    await europe.getByRole('button', { name: 'Move E2E Reykjavik up in Europe' }).click();
    await expect(page.getByText('Moved E2E Reykjavik up in Europe.')).toBeVisible();
    const items = await europe.getByRole('listitem').allTextContents();
    expect(items.at(-2)).toContain('E2E Reykjavik');

    await page.goto('/dialin');
    const dialinEurope = await page.getByRole('region', { name: 'Europe' }).getByRole('listitem').allTextContents();
    expect(dialinEurope.findIndex((t) => t.includes('E2E Reykjavik'))).toBe(dialinEurope.length - 2);

    await page.goto('/conferencing/access-numbers');
    await page.getByRole('button', { name: 'Edit E2E Reykjavik' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit access number E2E Reykjavik' });
    await edit.getByLabel('DisplayName').fill('E2E Reykjavik City');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Saved E2E Reykjavik City.')).toBeVisible();
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Delete E2E Reykjavik City' }).click();
    await expect(page.getByText('Deleted E2E Reykjavik City.')).toBeVisible();
    expect(await testDb().accessNumber.count({ where: { displayName: { startsWith: 'E2E Reykjavik' } } })).toBe(0);
    const events = await testDb().auditEvent.findMany({ where: { action: { startsWith: 'access_number.' } }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['access_number.created', 'access_number.reordered', 'access_number.updated', 'access_number.removed']),
    );
  });
});
