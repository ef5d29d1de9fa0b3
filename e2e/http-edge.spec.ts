/**
 * The HTTP edge, on the production server (server.ts) over real sockets: where sign-in may
 * send the browser, the Content-Security-Policy and HSTS, whose address the audit trail
 * records (forged X-Forwarded-For and PinDesk's private headers, with and without a trusted
 * proxy: a second server with TRUSTED_PROXIES=127.0.0.1 on E2E_SECOND_PORT), and the API's
 * refusal of cookie-authenticated requests from other sites.
 */
import type { Browser, Page } from '@playwright/test';
import { startProductionServer, type ProductionServer } from '../scripts/production-server';
import { createApiToken } from '../lib/db/api-tokens';
import { accounts, password } from './fixtures/accounts';
import { assertNoCspViolations } from './fixtures/csp';
import { testDb, testHandle, userIdByUpn } from './fixtures/db';
import { expect, test } from './fixtures/test';

const secondPort = Number(process.env.E2E_SECOND_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 1);
const EVIL = 'https://evil.example';

/** Fails the test if the browser is sent to evil.example (answered locally, so nothing leaves the machine). */
async function trapEvil(page: Page): Promise<string[]> {
  const visits: string[] = [];
  await page.context().route(
    (url) => url.hostname === 'evil.example',
    (route) => {
      visits.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/plain', body: 'evil' });
    },
  );
  return visits;
}

async function lastAuditId(): Promise<number> {
  return (await testDb().auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } }))?.id ?? 0;
}

/** A wrong password through the real form, from a browser that adds `headers` to every request. */
async function failSignIn(browser: Browser, baseURL: string, headers: Record<string, string>) {
  const context = await browser.newContext({ baseURL, extraHTTPHeaders: headers });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(accounts.CsViewOnlyAdministrator);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('The email or password is not correct.')).toBeVisible();
  await context.close();
}

async function signInFailureAddressesSince(id: number): Promise<string[]> {
  const rows = await testDb().auditEvent.findMany({
    where: { id: { gt: id }, action: 'auth.sign_in_failed' },
    orderBy: { id: 'asc' },
    select: { sourceAddress: true },
  });
  return rows.map((r) => r.sourceAddress);
}

test.describe('after sign-in, only this site', () => {
  for (const callbackUrl of ['/%09/evil.example', '/%5Cevil.example', '%2F%2Fevil.example', '/.//evil.example', 'https%3A%2F%2Fevil.example']) {
    test(`[CsAdministrator] a signed-in visit to /sign-in?callbackUrl=${callbackUrl} stays here`, async ({ asAdmin }) => {
      const visits = await trapEvil(asAdmin);
      await asAdmin.goto(`/sign-in?callbackUrl=${callbackUrl}`);
      expect(new URL(asAdmin.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
      expect(visits).toEqual([]);
    });
  }

  test('signing in from /sign-in?callbackUrl=/%09/evil.example lands on this site', async ({ page }) => {
    const visits = await trapEvil(page);
    await page.goto('/sign-in?callbackUrl=/%09/evil.example');
    await page.getByLabel('Email').fill(accounts.CsAdministrator);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
    expect(visits).toEqual([]);
  });
});

test.describe('Content-Security-Policy', () => {
  test('every page has a policy with a fresh nonce, and its scripts carry it', async ({ request }) => {
    const nonces = new Set<string>();
    for (const path of ['/sign-in', '/dialin', '/no-such-page']) {
      const response = await request.get(path);
      const policy = response.headers()['content-security-policy'];
      expect(policy, path).toContain("frame-ancestors 'none'");
      expect(policy).toContain("base-uri 'none'");
      expect(policy).toContain("object-src 'none'");
      expect(policy).toContain("form-action 'self'");
      expect(policy).not.toContain('unsafe-eval');
      const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(policy)?.[1];
      expect(nonce).toBeTruthy();
      nonces.add(nonce!);
      const html = await response.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(3);
  });

  test('API answers keep the static headers and a policy that lets nothing load', async ({ request }) => {
    for (const response of [
      await request.get('/api/health'),
      await request.get('/api/auth/error', { maxRedirects: 0 }),
      await request.post('/api/v1/pin-logon', { data: {} }),
    ]) {
      expect(response.headers()['x-content-type-options']).toBe('nosniff');
      expect(response.headers()['x-frame-options']).toBe('DENY');
      expect(response.headers()['content-security-policy']).toContain("default-src 'none'");
      expect(response.headers()['content-security-policy']).not.toContain('nonce-');
    }
  });

  test('a script injected into the HTML without the nonce does not run and is reported', async ({ page, cspViolations }) => {
    // What an HTML injection would do: the server's own answer, headers and all, plus a script.
    await page.route('**/dialin', async (route) => {
      const original = await route.fetch();
      const html = (await original.text()).replace('</body>', '<script>document.title = "injected"</script></body>');
      await route.fulfill({ response: original, body: html });
    });
    await page.goto('/dialin');
    await expect.poll(() => cspViolations.join('\n')).toContain('script-src-elem');
    expect(await page.title()).not.toBe('injected');
    cspViolations.length = 0;
  });

  test('an inline event handler is blocked and reported, and the report fails the test', async ({ page, cspViolations }) => {
    await page.goto('/dialin');
    await page.evaluate(() => {
      document.body.setAttribute('onclick', 'document.title = "injected"');
      document.body.click();
    });
    await expect.poll(() => cspViolations.join('\n')).toContain('script-src-attr');
    expect(await page.title()).not.toBe('injected');
    expect(() => assertNoCspViolations(cspViolations)).toThrow('violated its Content-Security-Policy');
    // Seen and asserted: the fixture's own end-of-test check would fail this test otherwise.
    cspViolations.length = 0;
  });
});

test.describe('behind a proxy', () => {
  test.describe.configure({ timeout: 120_000 });
  let trusting: ProductionServer | undefined;

  test.beforeAll(async () => {
    trusting = await startProductionServer(secondPort, { TRUSTED_PROXIES: '127.0.0.1' });
  });
  test.afterAll(async () => {
    await trusting?.stop();
  });

  test('a server that trusts no proxy ignores forged X-Forwarded-For and private headers in the audit trail', async ({ browser, baseURL }) => {
    const before = await lastAuditId();
    await failSignIn(browser, baseURL!, { 'X-Forwarded-For': '203.0.113.50', 'X-PinDesk-Client-Address': '203.0.113.51' });
    expect(await signInFailureAddressesSince(before)).toEqual(['127.0.0.1']);
  });

  test('a server that trusts 127.0.0.1 records the rightmost untrusted X-Forwarded-For hop', async ({ browser }) => {
    const before = await lastAuditId();
    await failSignIn(browser, trusting!.url, { 'X-Forwarded-For': '198.51.100.1, 203.0.113.52', 'X-PinDesk-Client-Address': '203.0.113.53' });
    expect(await signInFailureAddressesSince(before)).toEqual(['203.0.113.52']);
  });

  test('Strict-Transport-Security only when a trusted proxy says the client used HTTPS', async ({ playwright, baseURL }) => {
    const direct = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { 'X-Forwarded-Proto': 'https' } });
    expect((await direct.get('/sign-in')).headers()['strict-transport-security']).toBeUndefined();
    const proxied = await playwright.request.newContext({ baseURL: trusting!.url, extraHTTPHeaders: { 'X-Forwarded-Proto': 'https' } });
    expect((await proxied.get('/sign-in')).headers()['strict-transport-security']).toBe('max-age=31536000');
    expect((await proxied.get('/api/health')).headers()['strict-transport-security']).toBe('max-age=31536000');
    expect((await proxied.get('/sign-in', { headers: { 'X-Forwarded-Proto': 'http' } })).headers()['strict-transport-security']).toBeUndefined();
    const forgedPrivate = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { 'X-PinDesk-Client-Proto': 'https' } });
    expect((await forgedPrivate.get('/sign-in')).headers()['strict-transport-security']).toBeUndefined();
    await Promise.all([direct.dispose(), proxied.dispose(), forgedPrivate.dispose()]);
  });
});

test.describe('cookie-authenticated API requests from other sites', () => {
  const refusals = (since: number) =>
    testDb().auditEvent.findMany({
      where: { id: { gt: since }, action: 'request.cross_origin_refused' },
      select: { actorName: true, outcome: true, details: true },
    });

  test('[CsAdministrator] a cross-site Origin is refused (403, audited) and nothing changes', async ({ asAdmin }) => {
    const target = await userIdByUpn(accounts.User);
    const before = await lastAuditId();
    const response = await asAdmin.request.post('/api/v1/pins/lock', { headers: { Origin: EVIL }, data: { identity: accounts.User } });
    expect(response.status()).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'CROSS_ORIGIN', error: expect.stringContaining('Origin https://evil.example') });
    // Nothing happened to the user: no lock, no audit event about them.
    expect(await testDb().auditEvent.count({ where: { id: { gt: before }, targetId: target } })).toBe(0);
    const audit = await refusals(before);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ outcome: 'denied' });
    expect(JSON.parse(audit[0].details)).toMatchObject({ permission: 'pin.lock', origin: EVIL });

    const download = await asAdmin.request.post('/api/v1/bulk-jobs/any-job/pins/download', { headers: { Origin: EVIL } });
    expect(download.status()).toBe(403);
  });

  test('[CsAdministrator] without Origin, Sec-Fetch-Site: cross-site is refused; the own origin works', async ({ asAdmin, baseURL }) => {
    const before = await lastAuditId();
    const crossSite = await asAdmin.request.post('/api/v1/pins/lock?whatIf=true', {
      headers: { 'Sec-Fetch-Site': 'cross-site' },
      data: { identity: accounts.User },
    });
    expect(crossSite.status()).toBe(403);
    expect(await refusals(before)).toHaveLength(1);
    const viaLink = await asAdmin.request.get('/api/v1/users?q=ken', { headers: { 'Sec-Fetch-Site': 'cross-site' } });
    expect(viaLink.status()).toBe(403);

    const own = await asAdmin.request.post('/api/v1/pins/lock?whatIf=true', {
      headers: { Origin: new URL(baseURL!).origin },
      data: { identity: accounts.User },
    });
    expect(own.status()).toBe(200);
    expect(await own.json()).toHaveProperty('WhatIf');
    // The page's own fetch, as the browser sends it.
    const fromPage = await asAdmin.evaluate(
      async () =>
        (
          await fetch('/api/v1/pins/lock?whatIf=true', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ identity: 'kenmyer@litwareinc.com' }),
          })
        ).status,
    );
    expect(fromPage).toBe(200);
  });

  test('a bearer token is not a cookie: another Origin does not matter', async ({ request }) => {
    const ownerId = await userIdByUpn(accounts.CsAdministrator);
    const { secret } = await createApiToken(testHandle(), { ownerId, name: `edge-${Date.now()}`, expiresAt: null }, { actor: { type: 'system', name: 'e2e' } });
    const response = await request.post('/api/v1/pins/lock?whatIf=true', {
      headers: { Origin: EVIL, Authorization: `Bearer ${secret}` },
      data: { identity: accounts.User },
    });
    expect(response.status()).toBe(200);
  });
});
