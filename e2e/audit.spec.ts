import { expect, test } from './fixtures/test';

test.describe('Audit page', () => {
  test('[CsAdministrator] filters events, verifies the chain and exports CSV', async ({ asAdmin: page }) => {
    await page.goto('/audit');
    await page.getByLabel('Action').fill('auth.');
    await page.getByLabel('Outcome').selectOption('success');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await expect(page).toHaveURL(/action=auth\.&outcome=success/);
    // In words: who signed in, when (UTC ISO), the raw event one click away.
    const whats = await page.getByRole('row').locator('td:nth-child(4)').allTextContents();
    expect(whats.length).toBeGreaterThan(0);
    for (const what of whats) expect(what).toMatch(/^.+ signed in( [^.]+)?\.$/);
    const mine = page.getByRole('row').filter({ hasText: 'PinDesk Admin signed in with a PinDesk password.' }).first();
    await expect(mine.getByRole('cell').nth(1)).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    await expect(mine.getByRole('cell', { name: 'PinDesk Admin', exact: true })).toBeVisible();
    await expect(mine.getByText('auth.signed_in')).toBeHidden();
    await mine.getByText('Raw event').click();
    await expect(mine.getByText('auth.signed_in', { exact: true })).toBeVisible();

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect(page.getByRole('status').filter({ hasText: /The audit trail is intact: [\d,]+ events checked\./ })).toBeVisible();

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export CSV' }).click();
    const file = await (await download).path();
    const text = (await import('node:fs')).readFileSync(file!, 'utf8');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('id,time_utc,actor_type,actor,action,target_type,target,outcome,source_address,user_agent,details,hash');
    for (const line of lines.slice(1)) expect(line).toContain(',auth.signed_in,');
  });

  test('[CsHelpDesk] may not read the audit trail or export it', async ({ asHelpDesk: page }) => {
    expect((await page.goto('/audit'))?.status()).toBe(403);
    const response = await page.request.get('/api/v1/audit/export');
    expect(response.status()).toBe(403);
  });
});
