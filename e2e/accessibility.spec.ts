import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { testDb, userIdByUpn } from './fixtures/db';
import { expect, test } from './fixtures/test';

/**
 * An axe scan of every page, per role where the page differs, with no serious or critical
 * violation (issue 21). Each page is scanned once it has rendered its main content.
 */
async function expectNoSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${label} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    label,
  ).toEqual([]);
}

async function scan(page: Page, path: string, status = 200) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(status);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await expectNoSeriousViolations(page, path);
}

const adminPages = [
  '/overview',
  '/users',
  '/users?q=Ken+Myer',
  '/jobs',
  '/conferencing',
  '/conferencing/pin-policies',
  '/conferencing/access-numbers',
  '/audit',
  '/bridges',
  '/dial-in-test',
  '/api-tokens',
  '/directory',
  '/administrators',
];

test.describe('Accessibility (axe)', () => {
  test('visitor pages: sign-in, Dial-in, 404', async ({ page }) => {
    await scan(page, '/sign-in');
    await scan(page, '/dialin');
    await scan(page, '/no-such-page', 404);
  });

  test('[User] the signed-in Dial-in page and 404', async ({ asUser: page }) => {
    await scan(page, '/dialin');
    await scan(page, '/no-such-page', 404);
  });

  test('[CsAdministrator] every admin page, a user page, a job page, a 404 and the Set PIN dialog', async ({ asAdmin: page }) => {
    for (const path of adminPages) await scan(page, path);
    const ken = await userIdByUpn('kenmyer@litwareinc.com');
    await scan(page, `/users/${ken}`);
    await scan(page, '/no-such-page', 404);
    await scan(page, '/users/no-such-user', 404);

    // A dialog open, and its result.
    await page.goto('/users?q=Ken+Myer');
    await page.getByRole('checkbox', { name: 'Select Ken Myer' }).check();
    await page.getByRole('button', { name: 'Action' }).click();
    await expectNoSeriousViolations(page, 'Action menu');
    await page.getByRole('menuitem', { name: 'Set PIN' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set PIN for Ken Myer' });
    await expect(dialog).toBeVisible();
    await expectNoSeriousViolations(page, 'Set PIN dialog');
    await testDb().pinState.updateMany({ where: { userId: ken }, data: { adminLockedAt: null, systemLockedAt: null, lockedUntil: null } });
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.getByRole('checkbox', { name: 'Show PIN' }).check();
    await expectNoSeriousViolations(page, 'Set PIN result');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // A bulk job's page: lock two unlocked users, scan, then put them back.
    await page.goto('/users?fp=isLockedOut&fo=eq&fv=False&max=2');
    await page.getByRole('checkbox', { name: 'Select all search results' }).check();
    await expect(page.getByRole('status').filter({ hasText: '2 selected' })).toBeVisible();
    const ids = await Promise.all(
      (await page.getByRole('checkbox', { name: /^Select (?!all search results)/ }).all()).map(async (box) => {
        const name = (await box.getAttribute('aria-label'))!.replace(/^Select /, '');
        return (await testDb().directoryUser.findFirstOrThrow({ where: { displayName: name }, select: { id: true } })).id;
      }),
    );
    await page.getByRole('button', { name: 'Action' }).click();
    await page.getByRole('menuitem', { name: 'Lock PIN', exact: true }).click();
    await page
      .getByRole('dialog', { name: /Lock PIN for 2 users/ })
      .getByRole('button', { name: 'Confirm' })
      .click();
    await expect(page).toHaveURL(/\/jobs\/[^/]+$/);
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    await expectNoSeriousViolations(page, 'job page');
    await testDb().pinState.updateMany({ where: { userId: { in: ids } }, data: { adminLockedAt: null } });
  });

  test('[CsHelpDesk] Users, a user page and the policies page as the help desk sees them', async ({ asHelpDesk: page }) => {
    const ken = await userIdByUpn('kenmyer@litwareinc.com');
    for (const path of ['/users', `/users/${ken}`, '/conferencing/pin-policies', '/jobs']) await scan(page, path);
  });

  test('[CsViewOnlyAdministrator] Users, a user page, policies and access numbers read-only', async ({ asViewer: page }) => {
    const ken = await userIdByUpn('kenmyer@litwareinc.com');
    for (const path of ['/users', `/users/${ken}`, '/conferencing/pin-policies', '/conferencing/access-numbers']) await scan(page, path);
  });

  test('[CsUserAdministrator] Users and a user page', async ({ asUserAdmin: page }) => {
    const ken = await userIdByUpn('kenmyer@litwareinc.com');
    for (const path of ['/users', `/users/${ken}`, '/jobs']) await scan(page, path);
  });
});
