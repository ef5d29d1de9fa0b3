/**
 * The filter value field suggests the property's existing values (Control Panel step 5d):
 * typing narrows them, a click or the keyboard takes one, and free text still works.
 */
import AxeBuilder from '@axe-core/playwright';
import { testDb } from './fixtures/db';
import { expect, postServerAction, serverActionId, test } from './fixtures/test';

const actionId = () => serverActionId('app/(admin)/users/filter-value-actions.ts', 'filterValuesAction');

test.describe('Filter value suggestions', () => {
  test('[CsUserAdministrator] the Department value suggests Finance for "fin", and choosing it finds the Finance users', async ({ asUserAdmin: page }) => {
    await page.goto('/users');
    await page.getByRole('button', { name: 'Add Filter' }).click();
    await expect(page.getByRole('combobox', { name: 'Property' })).toHaveValue('department');
    const value = page.getByRole('combobox', { name: 'Value' });
    await value.fill('fin');
    const options = page.getByRole('listbox', { name: 'Suggested values' }).getByRole('option');
    await expect(options).toHaveText(['Finance']);
    await expect(value).toHaveAttribute('aria-expanded', 'true');
    await options.filter({ hasText: 'Finance' }).click();
    await expect(value).toHaveValue('Finance');
    await expect(value).toHaveAttribute('aria-expanded', 'false');

    await page.getByRole('spinbutton', { name: 'Maximum users to display' }).fill('5000');
    await page.getByRole('button', { name: 'Find' }).click();
    await expect(page).toHaveURL(/fv=Finance/);
    const expected = await testDb().directoryUser.count({ where: { department: 'Finance' } });
    expect(expected).toBeGreaterThan(0);
    await expect(page.getByRole('status').filter({ hasText: `${expected.toLocaleString('en-US')} users` })).toBeVisible();
  });

  test('[CsUserAdministrator] keyboard only: arrows and Enter take a suggestion, Esc closes the list and keeps the typed text', async ({
    asUserAdmin: page,
  }) => {
    await page.goto('/users');
    await page.getByRole('button', { name: 'Add Filter' }).focus();
    await page.keyboard.press('Enter');
    // The new clause comes before Add Filter: back past its Remove filter to its Value.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    const value = page.getByRole('combobox', { name: 'Value' });
    await expect(value).toBeFocused();

    await page.keyboard.type('FIN');
    const options = page.getByRole('listbox', { name: 'Suggested values' }).getByRole('option');
    await expect(options).toHaveText(['Finance']);
    await page.keyboard.press('Escape');
    await expect(value).toHaveAttribute('aria-expanded', 'false');
    await expect(value).toHaveValue('FIN');

    await page.keyboard.press('ArrowDown');
    await expect(value).toHaveAttribute('aria-expanded', 'true');
    await expect(options.first()).toHaveAttribute('aria-selected', 'true');
    const activeId = await options.first().getAttribute('id');
    await expect(value).toHaveAttribute('aria-activedescendant', activeId!);
    await page.keyboard.press('Enter');
    await expect(value).toHaveValue('Finance');
    await expect(value).toHaveAttribute('aria-expanded', 'false');
    await expect(page).not.toHaveURL(/fv=/);

    // With no suggestion active, Enter runs the search.
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/fp=department&fo=eq&fv=Finance/);
  });

  test('[CsUserAdministrator] free text is still allowed where nothing is suggested', async ({ asUserAdmin: page }) => {
    await page.goto('/users');
    await page.getByRole('button', { name: 'Add Filter' }).click();
    await page.getByRole('combobox', { name: 'Property' }).selectOption({ label: 'Title' });
    const value = page.getByRole('combobox', { name: 'Value' });
    await value.fill('No such title here');
    await expect(value).toHaveAttribute('aria-expanded', 'false');
    await value.press('Enter');
    await expect(page).toHaveURL(/fp=title&fo=eq&fv=No\+such\+title\+here/);
    await expect(page.getByRole('status').filter({ hasText: /^0 users/ })).toBeVisible();
  });

  test('[CsViewOnlyAdministrator] the suggestions action answers only checked, bounded input', async ({ asViewer: page }) => {
    await page.goto('/users');
    const ok = await postServerAction(page, '/users', actionId(), [{ property: 'department', prefix: 'FIN' }]);
    expect(ok.body).toContain('"Finance"');
    const long = await postServerAction(page, '/users', actionId(), [{ property: 'department', prefix: 'f'.repeat(257) }]);
    expect(long.body).toContain('INVALID_INPUT');
    expect(long.body).toContain('at most 256 characters');
    const flag = await postServerAction(page, '/users', actionId(), [{ property: 'enabled', prefix: '' }]);
    expect(flag.body).toContain('INVALID_INPUT');
  });

  test('[User] a user without an administrative role gets no values', async ({ asUser: page }) => {
    await page.goto('/dialin');
    const { body } = await postServerAction(page, '/users', actionId(), [{ property: 'department', prefix: '' }]);
    expect(body).toContain('FORBIDDEN');
    expect(body).not.toContain('Finance');
  });

  test('[CsUserAdministrator] the open suggestion list has no serious accessibility violations', async ({ asUserAdmin: page }) => {
    await page.goto('/users');
    await page.getByRole('button', { name: 'Add Filter' }).click();
    const value = page.getByRole('combobox', { name: 'Value' });
    await value.fill('f');
    // Only values starting with what is typed, even before the narrowed list arrives.
    const listbox = page.getByRole('listbox', { name: 'Suggested values' });
    await expect(listbox.getByRole('option').first()).toHaveText(/^f/i);
    for (const text of await listbox.getByRole('option').allTextContents()) expect(text).toMatch(/^f/i);
    await value.press('ArrowDown');
    await expect(listbox.getByRole('option', { selected: true })).toHaveText(/^f/i);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});
