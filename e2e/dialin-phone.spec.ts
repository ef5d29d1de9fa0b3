import { expect, test } from './fixtures/test';

const phone = { width: 375, height: 667 };

test.describe('Dial-in page on a phone', () => {
  test('[User] at 375×667 the PIN status and Set PIN form are on the first screen; the join steps give the extension; languages by name', async ({
    asUser: page,
  }) => {
    await page.setViewportSize(phone);
    await page.goto('/dialin');
    const pin = page.getByRole('region', { name: 'Your dial-in PIN' });
    await expect(pin.getByText('PIN set')).toBeInViewport();
    for (const control of [page.getByLabel('New PIN', { exact: true }), page.getByLabel('Confirm new PIN'), page.getByRole('button', { name: 'Set PIN' })]) {
      await expect(control).toBeInViewport({ ratio: 1 });
    }
    // The rules below the form are read with the New PIN field, before its submit button.
    await expect(page.getByLabel('New PIN', { exact: true })).toHaveAccessibleDescription(/^Your new PIN must be .*digits/);
    // Nothing to scroll sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);

    // The PIN comes before the numbers.
    const order = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(order.indexOf('Your dial-in PIN')).toBeLessThan(order.indexOf('Dial-in access numbers'));

    // The step that asks for an extension says which: Ken Myer's is 100.
    const join = page.getByRole('region', { name: 'How to join a meeting by phone' });
    await expect(join.getByRole('listitem').filter({ hasText: 'enter your extension' })).toContainText('Your extension: 100');

    // Languages as names, not codes.
    const tokyo = page.getByRole('listitem').filter({ hasText: 'Tokyo' });
    await expect(tokyo).toContainText('Japanese (Japan), English (United States)');
    await expect(tokyo).not.toContainText('ja-JP');
  });

  test('[anonymous] signed out, the numbers come first and nobody’s extension is shown', async ({ page }) => {
    await page.setViewportSize(phone);
    await page.goto('/dialin');
    const order = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(order[0]).toBe('Dial-in access numbers');
    await expect(page.getByText(/Your extension:/)).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  });
});
