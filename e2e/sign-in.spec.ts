import { accounts, password } from './fixtures/accounts';
import { testDb } from './fixtures/db';
import { expect, test } from './fixtures/test';

test.describe('Sign-in', () => {
  test('[anonymous] a failed sign-in keeps the typed Email; domain\\logon signs in', async ({ page }) => {
    const admin = await testDb().directoryUser.findUniqueOrThrow({ where: { upn: accounts.CsAdministrator }, select: { domain: true, samAccountName: true } });
    const logon = `${admin.domain}\\${admin.samAccountName}`;

    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(logon);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The email or password is not correct.' })).toBeVisible();
    // What was typed stays; the password does not.
    await expect(page.getByLabel('Email')).toHaveValue(logon);
    await expect(page.getByLabel('Password')).toHaveValue('');

    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  });
});
