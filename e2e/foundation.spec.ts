import { accounts } from './fixtures/accounts';
import { testDb, userIdByUpn } from './fixtures/db';
import { expect, postServerAction, serverActionId, signIn, test } from './fixtures/test';

test.describe('sign-in', () => {
  test('[anonymous] an admin page sends you to /sign-in', async ({ page }) => {
    await page.goto('/users');
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fusers/);
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  });

  test('[anonymous] a wrong password and an unknown account get the same generic message', async ({ page }) => {
    for (const email of [accounts.CsAdministrator, 'nobody@litwareinc.com']) {
      await page.goto('/sign-in');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('definitely-wrong');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page.getByRole('alert').filter({ hasText: 'The email or password is not correct.' })).toBeVisible();
      await expect(page).toHaveURL(/\/sign-in/);
    }
  });

  test('[anonymous] a 1 MB field and SQL/HTML metacharacters get a clear message and store nothing', async ({ page }) => {
    const before = await testDb().auditEvent.count();
    const bucketsBefore = await testDb().rateLimitBucket.count();
    await page.goto('/sign-in');
    // Bypass the input's maxlength, as a script would.
    await page.getByLabel('Email').evaluate((el, value) => ((el as HTMLInputElement).value = value), 'a'.repeat(1024 * 1024));
    await page.getByLabel('Password').fill('x');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The email or password is not correct.' })).toBeVisible();
    expect(await testDb().auditEvent.count()).toBe(before);
    expect(await testDb().rateLimitBucket.count()).toBe(bucketsBefore);

    const hostile = `'; DROP TABLE directory_user; -- <script>alert(1)</script>`;
    await page.getByLabel('Email').fill(hostile);
    await page.getByLabel('Password').fill(hostile);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The email or password is not correct.' })).toBeVisible();
    await expect(page.locator('body')).not.toContainText(/at \S+ \(.+:\d+:\d+\)/);
    expect(await page.content()).not.toContain('<script>alert(1)</script>');
    expect(await testDb().directoryUser.count()).toBeGreaterThanOrEqual(2000);
  });

  test('[CsAdministrator] signs in, sees the shell, and signs out', async ({ page }) => {
    await signIn(page, 'CsAdministrator');
    await expect(page).toHaveURL(/\/overview$/);
    await expect(page.getByText('Signed in as')).toContainText('CsAdministrator');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto('/users');
    await expect(page).toHaveURL(/\/sign-in/);
  });
});

test.describe('roles', () => {
  const nav = (page: import('@playwright/test').Page) => page.getByRole('navigation', { name: 'Main' });

  test('[CsAdministrator] sees Users, Conferencing, Audit and Bridges', async ({ asAdmin: page }) => {
    await page.goto('/users');
    for (const name of ['Users', 'Conferencing', 'Audit', 'Bridges']) {
      await expect(nav(page).getByRole('link', { name, exact: true })).toBeVisible();
    }
    await nav(page).getByRole('link', { name: 'Audit', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Audit' })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'PinDesk Admin signed in with a PinDesk password.' }).first()).toBeVisible();
  });

  test('[CsUserAdministrator] sees Users and Conferencing, and gets 403 on Bridges', async ({ asUserAdmin: page }) => {
    await page.goto('/users');
    await expect(nav(page).getByRole('link', { name: 'Users', exact: true })).toBeVisible();
    await expect(nav(page).getByRole('link', { name: 'Conferencing', exact: true })).toBeVisible();
    await expect(nav(page).getByRole('link', { name: 'Bridges', exact: true })).toHaveCount(0);
    await expect(nav(page).getByRole('link', { name: 'Audit', exact: true })).toHaveCount(0);
    const response = await page.goto('/bridges');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: /403/ })).toBeVisible();
    // The page names the role and what it may do, never "no administrative role".
    await expect(page.getByText('Your role, CsUserAdministrator, can search users and view PIN status; set PINs; lock and unlock PINs')).toBeVisible();
    await expect(page.getByText(/no administrative role/)).toHaveCount(0);
  });

  test('[CsHelpDesk] can lock and unlock a PIN', async ({ asHelpDesk: page }) => {
    const id = await userIdByUpn('pilar.smith@litwareinc.com').catch(
      async () => (await testDb().directoryUser.findFirstOrThrow({ where: { displayName: { endsWith: ' Smith' } }, select: { id: true } })).id,
    );
    await testDb().pinState.updateMany({ where: { userId: id }, data: { adminLockedAt: null, systemLockedAt: null, lockedUntil: null } });
    await page.goto(`/users/${id}`);
    const name = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
    await page.getByRole('button', { name: 'Action' }).click();
    await expect(page.getByRole('menuitem', { name: 'Set PIN' })).toHaveCount(0);
    await page.getByRole('menuitem', { name: 'Lock PIN', exact: true }).click();
    await expect(page.getByText(`Locked the PIN of ${name}.`)).toBeVisible();
    await expect(page.getByText('Locked by an administrator')).toBeVisible();
    await page.getByRole('button', { name: 'Action' }).click();
    await page.getByRole('menuitem', { name: 'Unlock PIN' }).click();
    await expect(page.getByText(`Unlocked the PIN of ${name}.`)).toBeVisible();
    await expect(page.getByText('Not locked')).toBeVisible();
  });

  test('[CsViewOnlyAdministrator] sees PIN status only; a direct POST of Lock PIN is refused and changes nothing', async ({ asViewer: page }) => {
    const id = await userIdByUpn(accounts.User);
    await page.goto(`/users/${id}`);
    await expect(page.getByText('IsPinSet')).toBeVisible();
    await page.getByRole('button', { name: 'Action' }).click();
    await expect(page.getByRole('menuitem', { name: 'View PIN status' })).toBeVisible();
    await expect(page.getByRole('menuitem', { name: 'Lock PIN', exact: true })).toHaveCount(0);
    await expect(page.getByRole('menuitem', { name: 'Set PIN' })).toHaveCount(0);

    const deniedBefore = await testDb().auditEvent.count({ where: { action: 'authorization.denied' } });
    const action = serverActionId('app/(admin)/users/actions.ts', 'lockPinAction');
    const { body } = await postServerAction(page, `/users/${id}`, action, [{ userIds: [id] }]);
    expect(body).toContain('FORBIDDEN');
    const state = await testDb().pinState.findUnique({ where: { userId: id } });
    expect(state?.adminLockedAt ?? null).toBeNull();
    expect(await testDb().auditEvent.count({ where: { action: 'authorization.denied' } })).toBe(deniedBefore + 1);
  });

  test('[User] without an administrative role gets a 403 page', async ({ asUser: page }) => {
    const response = await page.goto('/users');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: /403/ })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Dial-in Conferencing page' })).toBeVisible();
    await expect(page.getByText(/Your account has no administrative role/)).toBeVisible();
  });
});

test('GET /api/health reports the database', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.status).toBe('ok');
  expect(body.database.status).toBe('up');
  expect(['sqlite', 'postgresql']).toContain(body.database.engine);
});
