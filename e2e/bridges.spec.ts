import { bridgeKey } from './fixtures/accounts';
import { testDb, userIdByUpn } from './fixtures/db';
import { expect, postServerAction, serverActionId, test } from './fixtures/test';

const logon = (request: import('@playwright/test').APIRequestContext, body: unknown, key = bridgeKey) =>
  request.post('/api/v1/pin-logon', { headers: { Authorization: `Bearer ${key}` }, data: body });

test.describe('PIN logon for bridges', () => {
  test('[CsAdministrator] sets a PIN; the bridge API and the Dial-in test keypad accept it and refuse a wrong one', async ({ asAdmin: page, request }) => {
    await page.goto('/users?q=Ken+Myer');
    await page.getByRole('checkbox', { name: 'Select Ken Myer' }).check();
    await page.getByRole('button', { name: 'Action' }).click();
    await page.getByRole('menuitem', { name: 'Set PIN' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set PIN for Ken Myer' });
    await dialog.getByRole('radio', { name: 'Manually enter a specific PIN' }).check();
    await dialog.getByRole('textbox', { name: 'PIN' }).fill('8642097531');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog.getByRole('checkbox', { name: 'Show PIN' })).toBeVisible();

    const accepted = await logon(request, { identity: 'tel:+14255550100;ext=100', pin: '8642097531' });
    expect(accepted.status()).toBe(200);
    expect(await accepted.json()).toEqual({ result: 'accepted', user: { sipAddress: 'sip:kenmyer@litwareinc.com', displayName: 'Ken Myer' } });
    expect(await (await logon(request, { identity: '100', pin: '1357924680' })).json()).toEqual({ result: 'rejected' });
    expect((await logon(request, { identity: '100', pin: '86420x' })).status()).toBe(400);
    expect((await logon(request, { identity: '100', pin: '8642097531' }, 'pdk_not-a-real-key-at-all-000')).status()).toBe(401);

    await page.goto('/dial-in-test');
    for (const key of '100'.split('')) await page.getByRole('group', { name: 'Keypad' }).getByRole('button', { name: key, exact: true }).click();
    await page.getByRole('button', { name: 'Pound' }).click();
    for (const key of '8642097531'.split('')) await page.getByRole('group', { name: 'Keypad' }).getByRole('button', { name: key, exact: true }).click();
    await page.getByRole('button', { name: 'Pound' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Accepted: Ken Myer joins the conference.' })).toBeVisible();
    await page.getByLabel('Extension or phone number').fill('100');
    await page.getByLabel('PIN', { exact: true }).fill('1357924680');
    await page.getByRole('button', { name: 'Check PIN' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Rejected (Ken Myer): wrong PIN.' })).toBeVisible();
    const ken = await userIdByUpn('kenmyer@litwareinc.com');
    await testDb().pinState.update({ where: { userId: ken }, data: { localFailures: 0, windowStart: null, globalFailures: 0 } });
  });

  test('[CsHelpDesk] the Dial-in test stops after 5 tests of one user a day, even with the failures cleared', async ({ asHelpDesk: page }) => {
    const ken = await userIdByUpn('kenmyer@litwareinc.com');
    await page.goto('/dial-in-test');
    const check = async (pin: string) => {
      await page.getByLabel('Extension or phone number').fill('100');
      await page.getByLabel('PIN', { exact: true }).fill(pin);
      await page.getByRole('button', { name: 'Check PIN' }).click();
    };
    for (let i = 0; i < 5; i++) {
      await check(String(24680 + i));
      await expect(page.getByRole('status').filter({ hasText: /^Rejected \(Ken Myer\)/ })).toBeVisible();
      await page.getByLabel('PIN', { exact: true }).fill('');
    }
    // As the attack would: clear the failures, then try again.
    await testDb().pinState.updateMany({ where: { userId: ken }, data: { localFailures: 0, windowStart: null, globalFailures: 0, lockedUntil: null } });
    await check('13579');
    await expect(page.getByRole('status').filter({ hasText: 'You have used your 5 dial-in tests of Ken Myer today' })).toBeVisible();
    expect(await testDb().auditEvent.count({ where: { action: 'pin.dial_in_test_refused', targetId: ken } })).toBe(1);
    await testDb().pinState.updateMany({ where: { userId: ken }, data: { localFailures: 0, windowStart: null, globalFailures: 0, lockedUntil: null } });
  });

  test('[CsAdministrator] issues a bridge key once and revokes it', async ({ asAdmin: page, request }) => {
    await page.goto('/bridges');
    await page.getByLabel('Bridge name').fill('e2e bridge');
    await page.getByLabel('Allowed source addresses').fill('not-an-address');
    await page.getByRole('button', { name: 'Issue key' }).click();
    await expect(page.getByText('"not-an-address" is not an IP address').first()).toBeVisible();
    await page.getByLabel('Allowed source addresses').fill('');
    await page.getByRole('button', { name: 'Issue key' }).click();
    const key = (await page.getByLabel('New bridge key').textContent())!.trim();
    expect(key).toMatch(/^pdk_/);
    expect((await logon(request, { identity: '100', pin: '00000' }, key)).status()).toBe(200);
    await page.getByRole('button', { name: 'I have copied the key' }).click();
    await expect(page.getByText(key)).toHaveCount(0);
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Revoke e2e bridge' }).click();
    await expect(page.getByText('Revoked the key of e2e bridge.')).toBeVisible();
    expect((await logon(request, { identity: '100', pin: '00000' }, key)).status()).toBe(401);
    const stored = JSON.stringify(await testDb().bridgeKey.findMany({ omit: { keyHash: false } }));
    expect(stored).not.toContain(key);
  });

  test('[CsHelpDesk] cannot manage bridges, not even by a direct POST', async ({ asHelpDesk: page }) => {
    const response = await page.goto('/bridges');
    expect(response?.status()).toBe(403);
    const { body } = await postServerAction(page, '/dial-in-test', serverActionId('app/(admin)/bridges/actions.ts', 'createBridgeAction'), [
      { name: 'forged', ratePerMinute: 10 },
    ]);
    expect(body).toContain('FORBIDDEN');
    expect(await testDb().bridgeKey.count({ where: { name: 'forged' } })).toBe(0);
  });

  test('GET /api/v1/openapi.json describes the PIN logon API', async ({ request }) => {
    const response = await request.get('/api/v1/openapi.json');
    expect(response.status()).toBe(200);
    const doc = await response.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths['/pin-logon'].post.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '429']));
  });
});
