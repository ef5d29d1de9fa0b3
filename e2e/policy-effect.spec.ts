import type { Page } from '@playwright/test';
import { testDb } from './fixtures/db';
import { snapshotPolicies } from './fixtures/policy-snapshot';
import { expect, test } from './fixtures/test';

let restore: () => Promise<void>;
test.beforeAll(async () => {
  restore = await snapshotPolicies();
});
test.afterAll(async () => {
  await restore();
});

const LONGER = 12;

/** site:Redmond's users (Redmond, no per-user grant) and those whose PIN is shorter than `length`. */
async function redmondCounts(length: number) {
  const governed = { site: { name: 'Redmond' }, pinPolicyId: null };
  const [users, withPin, shorter] = await Promise.all([
    testDb().directoryUser.count({ where: governed }),
    testDb().directoryUser.count({ where: { ...governed, pinState: { pinHash: { not: null } } } }),
    testDb().directoryUser.count({ where: { ...governed, pinState: { pinHash: { not: null }, pinLength: { lt: length } } } }),
  ]);
  return { users, withPin, shorter };
}
const n = (value: number) => value.toLocaleString('en-US');

async function openEdit(page: Page) {
  await page.goto('/conferencing/pin-policies');
  await page.getByRole('checkbox', { name: 'Select site:Redmond' }).check();
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit PIN policy site:Redmond' });
  await dialog.getByLabel('MinPasswordLength', { exact: true }).fill(String(LONGER));
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  return dialog;
}

test.describe('Policy changes with their effect', () => {
  test('[CsAdministrator] a longer MinPasswordLength is reviewed with the users it concerns; Back saves nothing, Confirm saves', async ({ asAdmin: page }) => {
    const before = (await testDb().pinPolicy.findUniqueOrThrow({ where: { identity: 'site:Redmond' } })).minPasswordLength;
    expect(before).toBeLessThan(LONGER);
    const counts = await redmondCounts(LONGER);
    expect(counts.shorter, 'the demo directory has Redmond users with PINs').toBeGreaterThan(0);

    const dialog = await openEdit(page);
    const effect = dialog.getByRole('list', { name: 'Effect of the change' });
    await expect(effect.getByRole('listitem').first()).toHaveText(
      `site:Redmond governs ${n(counts.users)} user${counts.users === 1 ? '' : 's'} (${n(counts.withPin)} with a PIN).`,
    );
    await expect(effect).toContainText(
      `${n(counts.shorter)} user${counts.shorter === 1 ? ' has a PIN' : 's have PINs'} shorter than ${LONGER} digits; they keep working and must use ${LONGER} digits next time.`,
    );

    // Back: the form again, as it was typed; Cancel then leaves the policy unchanged.
    await dialog.getByRole('button', { name: 'Back' }).click();
    await expect(dialog.getByLabel('MinPasswordLength', { exact: true })).toHaveValue(String(LONGER));
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    expect((await testDb().pinPolicy.findUniqueOrThrow({ where: { identity: 'site:Redmond' } })).minPasswordLength).toBe(before);

    const again = await openEdit(page);
    await again.getByRole('button', { name: 'Confirm and save' }).click();
    await expect(again).toBeHidden();
    await expect(page.getByText('Saved site:Redmond.')).toBeVisible();
    expect((await testDb().pinPolicy.findUniqueOrThrow({ where: { identity: 'site:Redmond' } })).minPasswordLength).toBe(LONGER);
  });

  test('[CsAdministrator] Edit selected and Delete are reviewed too; Back from Delete keeps the policy', async ({ asAdmin: page }) => {
    await page.goto('/conferencing/pin-policies');
    await page.getByRole('checkbox', { name: 'Select site:Redmond' }).check();
    await page.getByRole('checkbox', { name: 'Select global' }).check();
    await page.getByRole('button', { name: 'Edit selected' }).click();
    const many = page.getByRole('dialog', { name: 'Edit 2 selected policies' });
    await many.getByRole('checkbox', { name: 'Change PINHistoryCount' }).check();
    await many.getByLabel('PINHistoryCount', { exact: true }).fill('3');
    await many.getByRole('button', { name: 'Review changes' }).click();
    const effect = many.getByRole('list', { name: 'Effect of the change' });
    await expect(effect).toContainText(/^These 2 policies govern [\d,]+ users/);
    await expect(effect).toContainText('Self-service changes may not reuse the last 3 PINs; current PINs keep working.');
    await many.getByRole('button', { name: 'Confirm and apply' }).click();
    await expect(page.getByText('Changed 2 policies.')).toBeVisible();
    expect((await testDb().pinPolicy.findUniqueOrThrow({ where: { identity: 'global' } })).pinHistoryCount).toBe(3);

    await page.getByRole('checkbox', { name: 'Select global' }).uncheck();
    await page.getByRole('button', { name: 'Delete' }).click();
    const remove = page.getByRole('dialog', { name: 'Delete 1 policy' });
    await expect(remove.getByRole('list', { name: 'Effect of the change' })).toContainText(/^Deleting site:Redmond: its [\d,]+ users .* fall back to global\./);
    await remove.getByRole('button', { name: 'Back' }).click();
    await expect(remove).toBeHidden();
    expect(await testDb().pinPolicy.count({ where: { identity: 'site:Redmond' } })).toBe(1);
  });
});
