import { bridgeKey } from './fixtures/accounts';
import { testDb, userIdByUpn } from './fixtures/db';
import { snapshotPolicies } from './fixtures/policy-snapshot';
import { expect, postServerAction, serverActionId, test } from './fixtures/test';

let restore: () => Promise<void>;
let ken: string;
test.beforeAll(async () => {
  restore = await snapshotPolicies();
  ken = await userIdByUpn('kenmyer@litwareinc.com');
});
test.afterAll(async () => restore());
test.beforeEach(async () => {
  await testDb().pinState.updateMany({
    where: { userId: ken },
    data: { adminLockedAt: null, systemLockedAt: null, lockedUntil: null, localFailures: 0, globalFailures: 0, windowStart: null },
  });
});

async function setOwnPin(page: import('@playwright/test').Page, pin: string, confirm = pin) {
  await page.getByLabel('New PIN', { exact: true }).fill(pin);
  await page.getByLabel('Confirm new PIN').fill(confirm);
  await page.getByRole('button', { name: 'Set PIN' }).click();
}

test.describe('Dial-in Conferencing page', () => {
  test('[anonymous] shows access numbers by region, how to join, Sign in and the forgotten-PIN help', async ({ page }) => {
    await page.goto('/dialin');
    for (const region of ['North America', 'Europe']) await expect(page.getByRole('region', { name: region })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'How to join a meeting by phone' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Forgot your dial-in PIN?' })).toBeVisible();
    await page.getByRole('link', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdialin/);
  });

  test('[User] Ken sets his PIN; history, patterns and a mismatch are refused by name; an administrator is not bound by history', async ({
    asUser: page,
    asAdmin,
  }) => {
    await testDb().pinPolicy.update({ where: { identity: 'site:Redmond' }, data: { pinHistoryCount: 3, minPasswordLength: 6 } });
    await page.goto('/dialin');
    await expect(page.getByText('not one of your last 3 PINs')).toBeVisible();
    await setOwnPin(page, '86420975');
    await expect(page.getByRole('status').filter({ hasText: 'Your new PIN is set.' })).toBeVisible();
    await setOwnPin(page, '86420975');
    await expect(page.getByRole('alert').filter({ hasText: /You used this PIN recently: it must differ from your last 3 PINs/ })).toBeVisible();
    await setOwnPin(page, '90123485');
    await expect(page.getByRole('alert').filter({ hasText: /4 or more consecutive digits/ })).toBeVisible();
    await setOwnPin(page, '97531864', '97531865');
    await expect(page.getByRole('alert').filter({ hasText: /do not match/ })).toBeVisible();

    await asAdmin.goto('/users?q=Ken+Myer');
    await asAdmin.getByRole('checkbox', { name: 'Select Ken Myer' }).check();
    await asAdmin.getByRole('button', { name: 'Action' }).click();
    await asAdmin.getByRole('menuitem', { name: 'Set PIN' }).click();
    const dialog = asAdmin.getByRole('dialog', { name: 'Set PIN for Ken Myer' });
    await dialog.getByRole('radio', { name: 'Manually enter a specific PIN' }).check();
    await dialog.getByRole('textbox', { name: 'PIN' }).fill('86420975');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog.getByRole('checkbox', { name: 'Show PIN' })).toBeVisible();
    const events = await testDb().auditEvent.findMany({ where: { action: 'pin.set', targetId: ken }, orderBy: { id: 'desc' }, take: 2 });
    expect(events.map((e) => [e.actorName, JSON.parse(e.details).method])).toEqual([
      ['PinDesk Admin', 'admin_set'],
      ['Ken Myer', 'self_service'],
    ]);
  });

  test('[User] a reset clears a temporary lockout (the bridge accepts the new PIN); an administrator lock stays', async ({ asUser: page, request }) => {
    await testDb().pinState.upsert({
      where: { userId: ken },
      create: { userId: ken, lockedUntil: BigInt(Date.now() + 3_600_000), localFailures: 25, windowStart: BigInt(Date.now()) },
      update: { lockedUntil: BigInt(Date.now() + 3_600_000), localFailures: 25, windowStart: BigInt(Date.now()) },
    });
    await page.goto('/dialin');
    await expect(page.getByText('temporarily locked')).toBeVisible();
    await setOwnPin(page, '97531864');
    await expect(page.getByRole('status').filter({ hasText: 'Your new PIN is set.' })).toBeVisible();
    const logon = await request.post('/api/v1/pin-logon', { headers: { Authorization: `Bearer ${bridgeKey}` }, data: { identity: '100', pin: '97531864' } });
    expect(await logon.json()).toMatchObject({ result: 'accepted' });

    await testDb().pinState.update({ where: { userId: ken }, data: { adminLockedAt: BigInt(Date.now()) } });
    await page.reload();
    await expect(page.getByRole('alert').filter({ hasText: 'Your PIN is locked. Contact your administrator.' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Set PIN' })).toBeDisabled();
    const { body } = await postServerAction(page, '/dialin', serverActionId('app/dialin/actions.ts', 'setOwnPinAction'), [
      { pin: '86429753', confirmPin: '86429753' },
    ]);
    expect(body).toContain('PIN_LOCKED');
  });

  test('[User] a forged post naming another user changes only your own PIN', async ({ asUser: page }) => {
    const other = await userIdByUpn('helpdesk@litwareinc.com');
    const before = await testDb().pinState.findUnique({ where: { userId: other }, omit: { pinHash: false } });
    await page.goto('/dialin');
    const { body } = await postServerAction(page, '/dialin', serverActionId('app/dialin/actions.ts', 'setOwnPinAction'), [
      { pin: '75319864', confirmPin: '75319864', userId: other },
    ]);
    expect(body).toContain('"ok":true');
    const after = await testDb().pinState.findUnique({ where: { userId: other }, omit: { pinHash: false } });
    expect(after?.pinHash ?? null).toBe(before?.pinHash ?? null);
    const mine = await testDb().auditEvent.findFirstOrThrow({ where: { action: 'pin.set' }, orderBy: { id: 'desc' } });
    expect(mine.targetId).toBe(ken);
  });

  test('[User] is usable on a phone-sized screen', async ({ asUser: page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto('/dialin');
    await expect(page.getByRole('button', { name: 'Set PIN' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
