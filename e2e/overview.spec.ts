/**
 * Issue 25: the Overview. Every administrator lands on it; each tile's number is the count of
 * the Users search it opens; the logon chart's data table shows this test's own bridge logons
 * in this hour under their outcomes, the lockout it caused under today, and the user among the
 * most failed; the page passes axe and fits a 375 px phone.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { getPinPepper } from '../lib/config/secrets';
import { createPinStore } from '../lib/db/pin-store';
import { grantPinPolicy, newPinPolicy, setPin } from '../lib/pin';
import { argon2ParamsFromEnv, createArgon2Hasher } from '../lib/pin/hasher';
import { systemClock } from '../lib/pin/types';
import { bridgeKey, type AccountName } from './fixtures/accounts';
import { createSpecUser, testHandle } from './fixtures/db';
import { expect, signIn, test } from './fixtures/test';

const RIGHT_PIN = '58213';
const WRONG_PIN = '31790';
const actor = { type: 'user' as const, id: 'e2e-overview', name: 'e2e overview set-up' };

/** The tiles, by the start of their links' accessible names ("Without a PIN: 12"). */
const tiles = [
  'Users',
  'With a PIN',
  'Without a PIN',
  'Locked now',
  'Locked now: temporary',
  'Locked now: system',
  'Locked now: admin',
  'PINs expiring within 14 days',
  'Expired PINs',
];

const tileLink = (page: Page, name: string) => page.getByRole('link', { name: new RegExp(`^${name}: [\\d,]+`) });
const numberIn = (text: string) => Number(/([\d,]+)\s*$/.exec(text.trim())?.[1].replace(/,/g, '') ?? Number.NaN);

/** The number in a table cell, found by its row header and its column header. */
async function cell(table: Locator, rowLabel: string, columnLabel: string): Promise<number> {
  const headers = (await table.locator('thead th').allTextContents()).map((t) => t.trim());
  const column = headers.indexOf(columnLabel);
  expect(column, `column ${columnLabel} in ${headers.join(' | ')}`).toBeGreaterThan(0);
  const row = table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name: rowLabel, exact: true }) });
  const cells = await row.locator('th, td').allTextContents();
  return Number((cells[column] ?? '').replace(/,/g, '').trim());
}

/** Opens every chart's data table (a closed <details> keeps its table out of the accessibility tree). */
async function openDataTables(page: Page) {
  const closed = page.locator('details:not([open]) > summary', { hasText: 'Show data table' });
  while ((await closed.count()) > 0) await closed.first().click();
}

const utcHourLabel = (at: number) => `${new Date(at).toISOString().slice(0, 13).replace('T', ' ')}:00`;
const utcDayLabel = (at: number) => new Date(at).toISOString().slice(0, 10);

test.describe('Overview', () => {
  test('every administrator lands on the Overview after signing in; a user on the Dial-in page', async ({ browser }) => {
    for (const role of ['CsAdministrator', 'CsUserAdministrator', 'CsHelpDesk', 'CsViewOnlyAdministrator', 'User'] as AccountName[]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, role);
      await expect(page, role).toHaveURL(role === 'User' ? /\/dialin$/ : /\/overview$/);
      if (role !== 'User') await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
      await context.close();
    }
  });

  test('[CsAdministrator] the logon chart shows this test’s logons in this hour by outcome, the lockout under today, the user among the most failed', async ({
    asAdmin: page,
    request,
  }) => {
    // Logons and their reading must fall in one UTC hour: near its end, wait for the next one.
    await expect.poll(() => 3_600_000 - (Date.now() % 3_600_000) > 30_000, { timeout: 40_000, intervals: [1_000] }).toBe(true);
    const hour = utcHourLabel(Date.now());
    const today = utcDayLabel(Date.now());

    const deps = { store: createPinStore(testHandle()), hasher: createArgon2Hasher(getPinPepper(), argon2ParamsFromEnv()), clock: systemClock };
    const user = await createSpecUser('Overview', 600000);
    const policy = `Overview${Date.now()}`;
    await newPinPolicy(deps, { identity: policy, settings: { maximumLogonAttempts: 3 }, actor });
    await grantPinPolicy(deps, { users: [{ userId: user.id }], policy, actor });
    await setPin(deps, { user: { userId: user.id }, pin: RIGHT_PIN, actor });

    await page.goto('/overview');
    await page.getByRole('button', { name: 'Last 24 hours' }).click();
    await openDataTables(page);
    const logons = page.getByRole('table', { name: /PIN logon attempts per hour/ });
    const lockouts = page.getByRole('table', { name: /Lockouts per day/ });
    const outcomes = ['Accepted', 'Wrong PIN', 'Locked', 'Unknown caller', 'Malformed'];
    const read = async (): Promise<Record<string, number>> => ({
      ...Object.fromEntries(await Promise.all(outcomes.map(async (o) => [o, await cell(logons, hour, o)] as const))),
      temporaryLockouts: await cell(lockouts, today, 'Temporary'),
    });
    const before = await read();

    const logon = (body: unknown) =>
      request
        .post('/api/v1/pin-logon', { headers: { Authorization: `Bearer ${bridgeKey}` }, data: body })
        .then(async (r) => ({ status: r.status(), body: await r.json() }));
    for (let i = 0; i < 2; i++) expect((await logon({ identity: user.extension, pin: RIGHT_PIN })).body.result).toBe('accepted');
    // The third wrong PIN reaches the policy's limit of 3: a temporary lockout; the right PIN is then refused as locked.
    for (let i = 0; i < 3; i++) expect((await logon({ identity: user.extension, pin: WRONG_PIN })).body.result).toBe('rejected');
    expect((await logon({ identity: user.extension, pin: RIGHT_PIN })).body.result).toBe('rejected');
    expect((await logon({ identity: 'sip:nobody-here@litwareinc.com', pin: RIGHT_PIN })).body.result).toBe('rejected');
    for (let i = 0; i < 2; i++) expect((await logon({ identity: user.extension, pin: 'not digits' })).status).toBe(400);

    const expected = {
      Accepted: before.Accepted + 2,
      'Wrong PIN': before['Wrong PIN'] + 3,
      Locked: before.Locked + 1,
      'Unknown caller': before['Unknown caller'] + 1,
      Malformed: before.Malformed + 2,
      temporaryLockouts: before.temporaryLockouts + 1,
    };
    // Malformed requests are added within about a second: reload until they show.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole('button', { name: 'Last 24 hours' }).click();
          await openDataTables(page);
          return read();
        },
        { timeout: 15_000 },
      )
      .toEqual(expected);

    const failed = page.getByRole('region', { name: /Most failed logons in the last 24 hours/ });
    const entry = failed.getByRole('row').filter({ hasText: user.sipAddress });
    await expect(entry.getByRole('cell').nth(1)).toHaveText('4');
    await entry.getByRole('link', { name: /Audit trail/ }).click();
    await expect(page).toHaveURL(/\/audit\?/);
    await expect(page.getByRole('table')).toContainText(user.sipAddress);
  });

  test('[CsHelpDesk] each tile’s number is the count of the Users search it opens', async ({ asHelpDesk: page }) => {
    await page.goto('/overview');
    for (const name of tiles) {
      const link = tileLink(page, name);
      const count = numberIn((await link.getAttribute('aria-label')) ?? (await link.innerText()));
      expect(count, name).not.toBeNaN();
      await link.click();
      await expect(page).toHaveURL(/\/users\?/);
      await expect(page.getByRole('status').filter({ hasText: /selected$/ }), name).toHaveText(
        new RegExp(`^${count.toLocaleString('en-US')} users? · 0 selected$`),
      );
      await page.goBack();
      await expect(page).toHaveURL(/\/overview$/);
    }
  });

  test('[CsViewOnlyAdministrator] passes an axe scan and fits a 375 px phone', async ({ asViewer: page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto('/overview');
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    await expect(tileLink(page, 'Users')).toBeVisible();
    // With every data table open too: the widest content the page has.
    await openDataTables(page);
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});
