/**
 * Signing in with the organisation's accounts: OpenID Connect through a real OpenID Provider
 * (tests/support/oidc-provider.ts, started by playwright.config.ts) whose groups claim gives
 * roles; forged or expired responses refused; an Active Directory user (a real Samba DC) signs
 * in with their AD password and sets their PIN, and loses the Users page once a sync sees them
 * leave the group; and the Administrators page never removes the last CsAdministrator.
 */
import type { Browser, Page } from '@playwright/test';
import { bridgeKey } from './fixtures/accounts';
import { testDb, userIdByUpn } from './fixtures/db';
import { OIDC_PASSWORD, OIDC_PORT, OIDC_PROVIDER_NAME } from './fixtures/oidc-accounts';
import { expect, test } from './fixtures/test';
import { startSambaDc, type SambaDc } from '../tests/support/samba-dc';

const OIDC_CONTROL = `http://127.0.0.1:${OIDC_PORT}/__test/tamper`;
const SESSION_COOKIE = 'authjs.session-token';
const GENERIC_REFUSAL = `Sign-in with ${OIDC_PROVIDER_NAME} did not complete`;

/** A fresh browser context (no identity provider session yet) through "Sign in with …" and the provider's form. */
async function signInWithProvider(browser: Browser, username: string, options: { beforeSubmit?: (page: Page) => Promise<void> } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByRole('button', { name: `Sign in with ${OIDC_PROVIDER_NAME}` }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(OIDC_PASSWORD);
  await options.beforeSubmit?.(page);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  return { context, page };
}

const hasSession = async (page: Page) => (await page.context().cookies()).some((cookie) => cookie.name.endsWith(SESSION_COOKIE));

async function lastFailedSignIn(since: number) {
  const event = await testDb().auditEvent.findFirst({ where: { action: 'auth.sign_in_failed', id: { gt: since } }, orderBy: { id: 'desc' } });
  return event && { targetName: event.targetName, details: JSON.parse(event.details ?? '{}') as Record<string, unknown> };
}
const lastAuditId = async () => (await testDb().auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } }))?.id ?? 0;

test.describe('Sign-in with the identity provider', () => {
  test('[CsHelpDesk by OIDC group] signs in through the identity provider, reaches the Users page as CsHelpDesk and has no Set PIN', async ({ browser }) => {
    const { context, page } = await signInWithProvider(browser, 'david');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in') && url.port !== String(OIDC_PORT));
    await page.goto('/users?q=Ken+Myer');
    await expect(page.getByLabel('Roles')).toHaveText('(CsHelpDesk)');
    await expect(page.getByText('Signed in as')).toContainText('David Smith');
    await page.getByRole('checkbox', { name: 'Select Ken Myer' }).check();
    await page.getByRole('button', { name: 'Action' }).click();
    await expect(page.getByRole('menuitem', { name: 'Lock PIN', exact: true })).toBeVisible();
    await expect(page.getByRole('menuitem', { name: 'Set PIN' })).toHaveCount(0);
    const david = await userIdByUpn('davidsmith@litwareinc.com');
    const role = await testDb().roleAssignment.findFirstOrThrow({ where: { userId: david } });
    expect(role).toMatchObject({ role: 'CsHelpDesk', origin: 'claim', via: 'CSHelpDesk' });
    const signedIn = await testDb().auditEvent.findFirstOrThrow({ where: { action: 'auth.signed_in', actorId: david }, orderBy: { id: 'desc' } });
    expect(JSON.parse(signedIn.details ?? '{}')).toEqual({ method: 'oidc' });
    await context.close();
  });

  test('[unknown to the directory] is refused with a clear message, audited, and gets no session', async ({ browser }) => {
    const since = await lastAuditId();
    const { context, page } = await signInWithProvider(browser, 'stranger');
    await page.waitForURL(/\/sign-in\?error=not-in-directory/);
    await expect(page.getByRole('alert').filter({ hasText: `${OIDC_PROVIDER_NAME} signed you in, but PinDesk has no user with that account` })).toBeVisible();
    expect(await hasSession(page)).toBe(false);
    expect(await lastFailedSignIn(since)).toEqual({ targetName: 'stranger@contoso.com', details: { reason: 'not-in-directory', method: 'oidc' } });
    await page.goto('/users');
    await expect(page).toHaveURL(/\/sign-in/);
    // The Dial-in page offers the same way in.
    await page.goto('/dialin');
    await expect(page.getByRole('button', { name: `Sign in with ${OIDC_PROVIDER_NAME}` })).toBeVisible();
    await context.close();
  });

  for (const [mode, reason] of [
    ['wrong-issuer', 'wrong-issuer'],
    ['wrong-audience', 'wrong-audience'],
    ['expired', 'expired-token'],
    ['bad-signature', 'bad-signature'],
  ] as const) {
    test(`[forged response: ${mode}] gets the generic refusal, is audited, and makes no session`, async ({ browser, request }) => {
      const since = await lastAuditId();
      expect((await request.post(OIDC_CONTROL, { data: { mode } })).status()).toBe(204);
      const { context, page } = await signInWithProvider(browser, 'david');
      await page.waitForURL(/\/sign-in\?error=/);
      await expect(page.getByRole('alert').filter({ hasText: GENERIC_REFUSAL })).toBeVisible();
      expect(await hasSession(page)).toBe(false);
      expect(await lastFailedSignIn(since)).toMatchObject({ details: { reason, method: 'oidc' } });
      await context.close();
    });
  }

  test('[forged response: bad state] a callback carrying another sign-in’s state gets the generic refusal, is audited, and makes no session', async ({
    browser,
  }) => {
    // Someone's real sign-in: its callback (code and state) as their browser followed it.
    let callback = '';
    const victim = await signInWithProvider(browser, 'david', {
      beforeSubmit: async (page) => {
        page.on('request', (request) => {
          if (request.url().includes('/api/auth/callback/oidc')) callback = request.url();
        });
      },
    });
    await victim.page.waitForURL((url) => !url.pathname.startsWith('/sign-in') && url.port !== String(OIDC_PORT));
    await victim.context.close();
    expect(callback).toContain('state=');

    // Another browser starts its own sign-in, then is sent that callback (login CSRF / a replay).
    const since = await lastAuditId();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByRole('button', { name: `Sign in with ${OIDC_PROVIDER_NAME}` }).click();
    await expect(page.getByLabel('Username')).toBeVisible();
    await page.goto(callback);
    await page.waitForURL(/\/sign-in\?error=/);
    await expect(page.getByRole('alert').filter({ hasText: GENERIC_REFUSAL })).toBeVisible();
    expect(await hasSession(page)).toBe(false);
    expect(await lastFailedSignIn(since)).toMatchObject({ details: { reason: 'bad-state', method: 'oidc' } });
    await context.close();
  });
});

test.describe('Sign-in with the Active Directory password', () => {
  const SOURCE = 'Litware staff AD';
  const LINE = 'tel:+14255557101;ext=7101';
  const PIN = '7305918264';
  const AD_PASSWORD = 'Dial-in-Passw0rd!';
  let dc: SambaDc;
  let operators: string;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    dc = await startSambaDc();
    const staff = await dc.addOu('Staff');
    const [jordan] = await dc.addUsers(staff, [{ sam: 'jordanstaff', displayName: 'Jordan Staff', line: LINE }]);
    await dc.setPassword(jordan, AD_PASSWORD);
    const groups = await dc.addOu('Groups');
    // Nested: Jordan is in PinDesk Operators, which is in CSUserAdministrator.
    operators = await dc.addGroup('PinDesk Operators', groups, [jordan]);
    await dc.addGroup('CSUserAdministrator', groups, [operators]);
  });

  test.afterAll(async () => {
    await dc?.stop();
    const source = await testDb().directorySource.findUnique({ where: { name: SOURCE }, select: { id: true } });
    if (source) {
      await testDb().directoryUser.deleteMany({ where: { sourceId: source.id } });
      await testDb().directorySource.delete({ where: { id: source.id } });
    }
  });

  test('[AD user] signs in on /dialin with their AD password and sets their PIN, which logs on; after leaving CSUserAdministrator in AD and a sync, is refused the Users page', async ({
    asAdmin,
    browser,
    request,
  }) => {
    test.setTimeout(180_000);
    // The administrator connects the DC (as on the Directory page) and syncs.
    await asAdmin.goto('/directory');
    await asAdmin.getByRole('button', { name: 'Add LDAP source' }).click();
    const form = asAdmin.getByRole('form', { name: 'New LDAP source' });
    await form.getByLabel('Name', { exact: true }).fill(SOURCE);
    await form.getByLabel('Server URL').fill(dc.ldapsUrl);
    await form.getByLabel('CA certificate (PEM)').fill(dc.caPem);
    await form.getByLabel('TLS server name (optional)').fill(dc.tlsServerName);
    await form.getByLabel('Bind DN').fill(dc.adminUpn);
    await form.getByLabel('Bind password').fill(dc.adminPassword);
    await form.getByLabel('Base DNs (one per line)').fill(`OU=Staff,${dc.baseDn}`);
    await form.getByLabel('Sync interval (minutes, 0 = only when asked)').fill('0');
    await form.getByRole('button', { name: 'Save source' }).click();
    const card = asAdmin.getByRole('region', { name: SOURCE });
    const sourceId = async () => (await testDb().directorySource.findUniqueOrThrow({ where: { name: SOURCE } })).id;
    const succeededRuns = async () => testDb().directorySyncRun.count({ where: { sourceId: await sourceId(), status: 'succeeded' } });
    await card.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(succeededRuns, { timeout: 60_000 }).toBe(1);

    // Jordan, on the Dial-in page, signs in with the AD password.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('/dialin');
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill('jordanstaff@litwareinc.com');
    await page.getByLabel('Password').fill('Wrong-Passw0rd!');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The email or password is not correct.' })).toBeVisible();
    await page.getByLabel('Password').fill(AD_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/dialin$/);
    await expect(page.getByText('Signed in as')).toContainText('Jordan Staff');
    await page.getByLabel('New PIN', { exact: true }).fill(PIN);
    await page.getByLabel('Confirm new PIN').fill(PIN);
    await page.getByRole('button', { name: 'Set PIN' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your new PIN is set.' })).toBeVisible();
    const logon = await request.post('/api/v1/pin-logon', { headers: { Authorization: `Bearer ${bridgeKey}` }, data: { identity: LINE, pin: PIN } });
    expect(await logon.json()).toMatchObject({ result: 'accepted', user: { displayName: 'Jordan Staff' } });

    // CSUserAdministrator through the nested group: the Users page opens.
    expect((await page.goto('/users'))?.status()).toBe(200);
    await expect(page.getByLabel('Roles')).toHaveText('(CsUserAdministrator)');

    // Taken out of the group in AD; once a sync has seen it, the next request is refused.
    await dc.setMembers(operators, []);
    await asAdmin.goto('/directory');
    await asAdmin.getByRole('region', { name: SOURCE }).getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(succeededRuns, { timeout: 60_000 }).toBe(2);
    expect((await page.goto('/users'))?.status()).toBe(403);
    await context.close();
  });
});

test.describe('Administrators', () => {
  test('[CsAdministrator] grants and revokes a role on the Administrators page; revoking the last CsAdministrator is refused', async ({ asAdmin: page }) => {
    await page.goto('/administrators');
    const adminRow = page.getByRole('row', { name: /PinDesk Admin.*CsAdministrator.*Direct grant/ });
    page.once('dialog', (dialog) => dialog.accept());
    await adminRow.getByRole('button', { name: 'Revoke role' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'This is the last CsAdministrator' })).toBeVisible();
    await expect(adminRow).toBeVisible();
    // The same refusal through the REST API (the page's session; a script would use a token).
    const api = await page.request.post('/api/v1/roles/revoke', { data: { identity: 'admin@litwareinc.com', role: 'CsAdministrator' } });
    expect(api.status()).toBe(409);
    expect(await api.json()).toMatchObject({ code: 'LAST_ADMINISTRATOR' });

    await page.getByLabel('User', { exact: true }).fill('kenmyer@litwareinc.com');
    await page.getByLabel('Role', { exact: true }).selectOption('CsHelpDesk');
    await page.getByRole('button', { name: 'Grant role' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Granted CsHelpDesk to Ken Myer.' })).toBeVisible();
    const kenRow = page.getByRole('row', { name: /Ken Myer.*CsHelpDesk.*Direct grant/ });
    await expect(kenRow).toBeVisible();
    page.once('dialog', (dialog) => dialog.accept());
    await kenRow.getByRole('button', { name: 'Revoke role' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Revoked CsHelpDesk from Ken Myer.' })).toBeVisible();
    await expect(kenRow).toHaveCount(0);

    await page.getByLabel('User', { exact: true }).fill('nobody@litwareinc.com');
    await page.getByRole('button', { name: 'Grant role' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'User not found' })).toBeVisible();
  });

  test('[CsAdministrator] the Administrators page fits a phone (375 px): nothing overflows the page', async ({ asAdmin: page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto('/administrators');
    await expect(page.getByRole('button', { name: 'Grant role' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test('[CsUserAdministrator] cannot open the Administrators page', async ({ asUserAdmin: page }) => {
    expect((await page.goto('/administrators'))?.status()).toBe(403);
  });
});
