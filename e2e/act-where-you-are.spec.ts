import type { Locator, Page } from '@playwright/test';
import { testDb, userIdByUpn } from './fixtures/db';
import { expect, test } from './fixtures/test';

/** Issue 21 "Act where you are" and "Keyboard and screen reader": the Users page and a user's page as a help desk uses them. */

const KEN = 'kenmyer@litwareinc.com';

async function resetKen() {
  const ken = await userIdByUpn(KEN);
  await testDb().pinState.updateMany({ where: { userId: ken }, data: { adminLockedAt: null, systemLockedAt: null, lockedUntil: null, localFailures: 0 } });
  return ken;
}

async function lockKenBehindTheirBack() {
  const ken = await userIdByUpn(KEN);
  const now = BigInt(Date.now());
  await testDb().pinState.upsert({ where: { userId: ken }, create: { userId: ken, adminLockedAt: now }, update: { adminLockedAt: now } });
}

/** The cell of `row` under the column whose header starts with `header` (columns may be added or reordered). */
async function cellUnder(page: Page, row: Locator, header: string): Promise<Locator> {
  const headers = (await page.getByRole('columnheader').allTextContents()).map((h) => h.trim());
  const index = headers.findIndex((h) => h.startsWith(header));
  expect(index, `a "${header}" column`).toBeGreaterThan(0);
  return row.getByRole('cell').nth(index);
}

/** Presses `key` until `target` has focus (at most `limit` times): the way a keyboard user gets somewhere. */
async function pressUntilFocused(page: Page, key: string, target: Locator, limit = 40) {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  await expect(target).toBeFocused();
}

test.describe('Act where you are', () => {
  test.beforeEach(async () => {
    await resetKen();
  });

  test('[CsUserAdministrator] clicking a row selects it; its link and checkbox keep their own behaviour', async ({ asUserAdmin: page }) => {
    await page.goto('/users?q=Myer');
    const ken = page.getByRole('row', { name: /Ken Myer/ });
    const box = page.getByRole('checkbox', { name: 'Select Ken Myer' });
    await expect(box).not.toBeChecked();
    await (await cellUnder(page, ken, 'Department')).click();
    await expect(box).toBeChecked();
    await expect(page.getByRole('status').filter({ hasText: '1 selected' })).toBeVisible();
    // The checkbox still toggles on its own.
    await box.click();
    await expect(box).not.toBeChecked();
    await expect(page.getByRole('status').filter({ hasText: '0 selected' })).toBeVisible();
    // The name is a link to the user's page, not a row selection.
    await ken.getByRole('link', { name: 'Ken Myer' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Ken Myer' })).toBeVisible();
  });

  test('[CsUserAdministrator] "Back to Users" returns to the search the agent came from', async ({ asUserAdmin: page }) => {
    const search = new URLSearchParams({ q: 'Myer', fp: 'enabled', fo: 'eq', fv: 'True' });
    await page.goto(`/users?${search}`);
    await page.getByRole('link', { name: 'Ken Myer' }).click();
    await expect(page).toHaveURL(/\/users\/[^/?]+\?from=/);
    await page.getByRole('link', { name: 'Back to Users' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/users' && url.search === `?${search}`);
    await expect(page.getByRole('searchbox', { name: 'Search users' })).toHaveValue('Myer');
    await expect(page.getByRole('checkbox', { name: 'Select Ken Myer' })).toBeVisible();
  });

  test('[CsUserAdministrator] a hostile "from" never leaves the Users page', async ({ asUserAdmin: page }) => {
    const ken = await userIdByUpn(KEN);
    await page.goto(`/users/${ken}?from=${encodeURIComponent('//evil.example/x')}`);
    const href = await page.getByRole('link', { name: 'Back to Users' }).getAttribute('href');
    expect(href).toMatch(/^\/users(\?|$)/);
    expect(new URL(href!, 'http://app.test').host).toBe('app.test');
  });

  test('[CsUserAdministrator] the user page Action menu sets a PIN (with Copy), unlocks and locks, naming the user', async ({ asUserAdmin: page }) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await lockKenBehindTheirBack();
    const ken = await userIdByUpn(KEN);
    await page.goto(`/users/${ken}`);
    await expect(page.getByRole('button', { name: 'Lock PIN' })).toHaveCount(0);
    const action = page.getByRole('button', { name: 'Action' });
    await action.click();
    await expect(page.getByRole('menuitem')).toHaveText(['View PIN status', 'Set PIN', 'Lock PIN', 'Unlock PIN', 'Assign policy']);
    await page.getByRole('menuitem', { name: 'Set PIN' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set PIN for Ken Myer' });
    await expect(dialog.getByText("Ken Myer's PIN is locked.")).toBeVisible();
    await dialog.getByRole('button', { name: 'Unlock PIN' }).click();
    await expect(dialog.getByRole('status').filter({ hasText: 'Unlocked the PIN of Ken Myer.' })).toBeVisible();
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog.getByRole('status').filter({ hasText: 'The PIN of Ken Myer was set.' })).toBeVisible();
    await dialog.getByRole('checkbox', { name: 'Show PIN' }).check();
    const pin = (await dialog.getByLabel('New PIN').textContent())!.trim();
    expect(pin).toMatch(/^\d{4,24}$/);
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await expect(dialog.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(pin);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
    await expect(action).toBeFocused();
    // The page's own PIN status shows the new state without a reload.
    await expect(page.getByText('Set by an administrator').or(page.getByText('Generated by an administrator'))).toBeVisible();

    await action.click();
    await page.getByRole('menuitem', { name: 'Unlock PIN' }).click();
    await expect(page.getByRole('status').filter({ hasText: "Ken Myer's PIN was not locked." })).toBeVisible();
    await action.click();
    await page.getByRole('menuitem', { name: 'Lock PIN', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Locked the PIN of Ken Myer.' })).toBeVisible();
    await expect(page.getByText('Locked by an administrator')).toBeVisible();
    await action.click();
    await page.getByRole('menuitem', { name: 'Unlock PIN' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Unlocked the PIN of Ken Myer.' })).toBeVisible();
    await expect(page.getByText('Not locked')).toBeVisible();
  });

  test('[CsViewOnlyAdministrator] the user page Action menu has no write items', async ({ asViewer: page }) => {
    const ken = await userIdByUpn(KEN);
    await page.goto(`/users/${ken}`);
    await page.getByRole('button', { name: 'Action' }).click();
    await expect(page.getByRole('menuitem')).toHaveText(['View PIN status']);
    await page.getByRole('menuitem', { name: 'View PIN status' }).click();
    await expect(page.getByRole('dialog', { name: 'PIN status of Ken Myer' }).getByText('IsPinSet')).toBeVisible();
  });

  test('[CsHelpDesk] the user page Action menu locks and unlocks but has no Set PIN', async ({ asHelpDesk: page }) => {
    const ken = await userIdByUpn(KEN);
    await page.goto(`/users/${ken}`);
    await page.getByRole('button', { name: 'Action' }).click();
    await expect(page.getByRole('menuitem')).toHaveText(['View PIN status', 'Lock PIN', 'Unlock PIN']);
    // One menu: the Users page offers the same items in the same order for one selected user.
    await page.keyboard.press('Escape');
    await page.goto('/users?q=Ken+Myer');
    await page.getByRole('checkbox', { name: 'Select Ken Myer' }).check();
    await page.getByRole('button', { name: 'Action' }).click();
    await expect(page.getByRole('menuitem')).toHaveText(['View PIN status', 'Lock PIN', 'Unlock PIN']);
  });

  test('[CsUserAdministrator] a row refreshes when the Set PIN dialog finds a lock made by someone else', async ({ asUserAdmin: page }) => {
    await page.goto('/users?q=Ken+Myer');
    const row = page.getByRole('row', { name: /Ken Myer/ });
    const locked = await cellUnder(page, row, 'PIN locked');
    await expect(locked).toHaveText('No');
    await lockKenBehindTheirBack();
    await row.getByRole('checkbox', { name: 'Select Ken Myer' }).check();
    await page.getByRole('button', { name: 'Action' }).click();
    await page.getByRole('menuitem', { name: 'Set PIN' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set PIN for Ken Myer' });
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog.getByRole('alert')).toContainText('This PIN is locked');
    await expect(dialog.getByText("Ken Myer's PIN is locked.")).toBeVisible();
    // Behind the dialog the row already says so, with no reload.
    await expect(locked).toHaveText('Yes');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('button', { name: 'Action' })).toBeFocused();
  });
});

test.describe('Keyboard and screen reader', () => {
  test.beforeEach(async () => {
    await resetKen();
  });

  test('[CsUserAdministrator] sets a PIN with keys only; after the dialog closes the Action button has focus', async ({ asUserAdmin: page }) => {
    await page.goto('/users?q=Ken+Myer');
    const select = page.getByRole('checkbox', { name: 'Select Ken Myer' });
    await expect(select).toBeVisible();
    // From the top of the page: the skip link first, then into the content.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
    await page.keyboard.press('Enter');
    await pressUntilFocused(page, 'Tab', select);
    await page.keyboard.press('Space');
    await expect(select).toBeChecked();
    const action = page.getByRole('button', { name: 'Action' });
    await pressUntilFocused(page, 'Shift+Tab', action);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menuitem', { name: 'View PIN status' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('menuitem', { name: 'Set PIN' })).toBeFocused();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Set PIN for Ken Myer' });
    await expect(dialog).toBeVisible();
    const ok = dialog.getByRole('button', { name: 'OK' });
    await pressUntilFocused(page, 'Tab', ok);
    await page.keyboard.press('Enter');
    await expect(dialog.getByRole('status').filter({ hasText: 'The PIN of Ken Myer was set.' })).toBeVisible();
    const close = dialog.getByRole('button', { name: 'Close' });
    await pressUntilFocused(page, 'Tab', close);
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(action).toBeFocused();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Action');

    // Escape and Cancel return focus there too, and so does Escape in the menu.
    for (const leave of ['Escape', 'Cancel'] as const) {
      // The results refetch after a PIN change; a keyboard user presses on once the page has settled,
      // and each key waits for the focus it moves.
      await page.waitForLoadState('networkidle');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('menuitem', { name: 'View PIN status' })).toBeFocused();
      await page.keyboard.press('ArrowDown');
      await expect(page.getByRole('menuitem', { name: 'Set PIN' })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(dialog).toBeVisible();
      if (leave === 'Escape') await page.keyboard.press('Escape');
      else {
        await pressUntilFocused(page, 'Tab', dialog.getByRole('button', { name: 'Cancel' }));
        await page.keyboard.press('Enter');
      }
      await expect(dialog).toBeHidden();
      await expect(action).toBeFocused();
    }
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menu', { name: 'Action' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu', { name: 'Action' })).toBeHidden();
    await expect(action).toBeFocused();
  });

  test('[CsHelpDesk] a lock from the Action menu is announced by name in a live region and focus stays on Action', async ({ asHelpDesk: page }) => {
    await page.goto('/users?q=Ken+Myer');
    await page.getByRole('checkbox', { name: 'Select Ken Myer' }).check();
    const action = page.getByRole('button', { name: 'Action' });
    await action.click();
    await page.getByRole('menuitem', { name: 'Unlock PIN' }).click();
    const notice = page.locator('[aria-live="polite"], [role="status"]').filter({ hasText: "Ken Myer's PIN was not locked." });
    await expect(notice).toBeVisible();
    await expect(action).toBeFocused();
  });

  test('the skip link is the first stop on the Dial-in page and moves focus to the content', async ({ page }) => {
    await page.goto('/dialin');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
  });

  test('[CsAdministrator] the skip link on an admin page skips the header and navigation', async ({ asAdmin: page }) => {
    await page.goto('/audit');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    await page.keyboard.press('Tab');
    // The next stop is inside the page's content, not the navigation.
    expect(await page.evaluate(() => !!document.activeElement?.closest('main#main-content'))).toBe(true);
  });
});

test.describe('Signed-in 404', () => {
  test('[CsHelpDesk] an unknown address keeps the admin navigation', async ({ asHelpDesk: page }) => {
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Users', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: /sign out/i })).toBeVisible();
  });

  test('[CsHelpDesk] an unknown user keeps the admin navigation', async ({ asHelpDesk: page }) => {
    const response = await page.goto('/users/no-such-user');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Users', exact: true })).toBeVisible();
  });

  test('an unknown address for a visitor is a plain 404, not a sign-in redirect', async ({ page }) => {
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page).toHaveURL(/\/no-such-page$/);
  });
});
