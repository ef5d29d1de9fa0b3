/**
 * Issue 21, "Search the way callers speak": a help-desk agent types what the caller says
 * (a phone number in any writing, an extension, domain\logon), filter values in any case,
 * and sorts the results by a column header.
 */
import type { Page } from '@playwright/test';
import { testDb } from './fixtures/db';
import { expect, test } from './fixtures/test';

async function search(page: Page, text: string) {
  await page.goto('/users');
  const box = page.getByRole('searchbox', { name: 'Search users' });
  await box.fill(text);
  await box.press('Enter');
  await expect(page).toHaveURL(new RegExp(`\\?${new URLSearchParams({ q: text }).toString().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
}

const displayNames = (page: Page) => page.getByRole('table', { name: 'Search results' }).getByRole('row').getByRole('link').allTextContents();

test.describe('Search the way callers speak', () => {
  for (const text of ['+1 (425) 555-0100', '100', 'litwareinc\\kenmyer']) {
    test(`[CsHelpDesk] finds Ken Myer by ${text}, with his line URI and extension`, async ({ asHelpDesk: page }) => {
      await search(page, text);
      const row = page.getByRole('row', { name: /Ken Myer/ });
      await expect(row).toBeVisible();
      await expect(row.getByRole('cell', { name: 'tel:+14255550100;ext=100', exact: true })).toBeVisible();
      await expect(row.getByRole('cell', { name: '100', exact: true })).toBeVisible();
    });
  }

  test('[CsHelpDesk] the results name the Line URI and Extension columns, and the user page shows both', async ({ asHelpDesk: page }) => {
    await search(page, 'Ken Myer');
    const table = page.getByRole('table', { name: 'Search results' });
    await expect(table.getByRole('columnheader', { name: 'Line URI' })).toBeVisible();
    await expect(table.getByRole('columnheader', { name: 'Extension' })).toBeVisible();
    await page.getByRole('link', { name: 'Ken Myer' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Ken Myer' })).toBeVisible();
    await expect(page.getByRole('definition').filter({ hasText: 'tel:+14255550100;ext=100' })).toBeVisible();
    await expect(page.getByText('Extension', { exact: true })).toBeVisible();
    await expect(page.getByRole('definition').filter({ hasText: /^100$/ })).toBeVisible();
  });

  test('[CsHelpDesk] Department = finance finds the Finance users', async ({ asHelpDesk: page }) => {
    const finance = await testDb().directoryUser.count({ where: { department: 'Finance' } });
    expect(finance).toBeGreaterThan(0);
    await page.goto('/users');
    await page.getByRole('button', { name: 'Add Filter' }).click();
    await page.getByRole('combobox', { name: 'Property' }).selectOption({ label: 'Department' });
    await page.getByRole('combobox', { name: 'Operator' }).selectOption({ label: 'Equal to' });
    // By label: the value field is a text box or a combobox with suggestions.
    await page.getByLabel('Value', { exact: true }).fill('finance');
    await page.getByRole('spinbutton', { name: 'Maximum users to display' }).fill('5000');
    await page.getByRole('button', { name: 'Find' }).click();
    await expect(page.getByRole('status').filter({ hasText: new RegExp(`^${finance.toLocaleString('en-US')} users`) })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Search results' }).getByRole('cell', { name: 'Finance', exact: true }).first()).toBeVisible();
  });

  test('[CsHelpDesk] sorts by Display name descending from its column header, and the URL keeps it', async ({ asHelpDesk: page }) => {
    await search(page, 'smith');
    const header = page.getByRole('columnheader', { name: 'Display name' });
    await expect(header).toHaveAttribute('aria-sort', 'ascending');
    const ascending = await displayNames(page);
    expect(ascending.length).toBeGreaterThanOrEqual(3);
    // The whole result set fits on one page, so descending is ascending reversed.
    await expect(page.getByRole('status').filter({ hasText: new RegExp(`^${ascending.length} users`) })).toBeVisible();

    await header.getByRole('button', { name: 'Display name' }).click();
    await expect(page).toHaveURL(/order=desc/);
    await expect(header).toHaveAttribute('aria-sort', 'descending');
    await expect.poll(() => displayNames(page)).toEqual([...ascending].reverse());

    await page.reload();
    await expect(page.getByRole('columnheader', { name: 'Display name' })).toHaveAttribute('aria-sort', 'descending');
    expect(await displayNames(page)).toEqual([...ascending].reverse());
    await expect(page.getByRole('columnheader', { name: 'SIP address' })).toHaveAttribute('aria-sort', 'none');
  });
});
