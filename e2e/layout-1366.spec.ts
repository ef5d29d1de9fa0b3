/**
 * At 1366 × 768, the most common help-desk laptop screen, the Users results, the Audit
 * events and the Bulk jobs tables show every column: neither the table's scrolling container
 * nor any cell cuts its content, and the page itself does not scroll sideways.
 */
import type { Page } from '@playwright/test';
import { formatTime } from '../lib/format/time';
import { directoryUserKeys } from '../lib/users/user-keys';
import { testDb, userIdByUpn } from './fixtures/db';
import { expect, test } from './fixtures/test';

test.use({ viewport: { width: 1366, height: 768 } });

/** Every table's container and cell whose content is wider than its box, by caption. */
async function clipped(page: Page) {
  return page.locator('table').evaluateAll((tables) =>
    tables.flatMap((table) => {
      const name = table.querySelector('caption')?.textContent ?? 'table';
      const problems: string[] = [];
      const container = table.parentElement!;
      if (container.scrollWidth > container.clientWidth) problems.push(`${name}: container ${container.scrollWidth} > ${container.clientWidth}`);
      for (const cell of table.querySelectorAll('th, td')) {
        const box = cell as HTMLElement;
        if (box.scrollWidth > box.clientWidth) problems.push(`${name}: cell "${box.textContent?.slice(0, 40)}" ${box.scrollWidth} > ${box.clientWidth}`);
      }
      return problems;
    }),
  );
}

async function expectNothingClipped(page: Page, caption: string) {
  await expect(page.locator('table caption', { hasText: caption })).toBeAttached();
  expect(await clipped(page)).toEqual([]);
  const page_ = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(page_.scroll).toBeLessThanOrEqual(page_.client);
}

test.describe('Tables at 1366 px', () => {
  test('[CsAdministrator] the Users results show every column', async ({ asAdmin: page }) => {
    // A user whose values are as long as real directories have them.
    const sam = 'mvandenbergheoppenheimer';
    const upn = `maximiliana.vandenberghe-oppenheimer@emea-finance.litwareinc.com`;
    const displayName = 'Maximiliana van den Berghe-Oppenheimer (Finance Shared Services)';
    const names = {
      displayName,
      firstName: 'Maximiliana',
      lastName: 'van den Berghe-Oppenheimer',
      samAccountName: sam,
      domain: 'litwareinc',
      upn,
      lineUri: 'tel:+35315550123;ext=50123',
      ouPath: 'litwareinc.com/Finance/Accounts/',
      department: 'Finance and Treasury Operations (EMEA Shared Services Centre)',
    };
    // Its search keys as every other write computes them, so it is found like any user.
    const keys = directoryUserKeys(names);
    await testDb().directoryUser.upsert({
      where: { upn },
      update: keys,
      create: {
        ...names,
        ...keys,
        sipAddress: `sip:${upn}`,
        extension: '50123',
        distinguishedName: `CN=${sam},OU=Accounts,OU=Finance,DC=litwareinc,DC=com`,
        ouDn: 'OU=Accounts,OU=Finance,DC=litwareinc,DC=com',
      },
    });
    await page.goto('/users?q=maximiliana');
    await expect(page.getByRole('link', { name: displayName })).toBeVisible();
    await expectNothingClipped(page, 'Search results');
  });

  test('[CsAdministrator] the Audit events show every column', async ({ asAdmin: page }) => {
    await page.goto('/audit');
    await expectNothingClipped(page, 'Audit events');
  });

  test('[CsAdministrator] the Bulk jobs show every column', async ({ asAdmin: page }) => {
    const admin = await userIdByUpn('kenmyer@litwareinc.com');
    const now = Date.now();
    await testDb().bulkJob.create({
      data: {
        kind: 'assign-policy',
        status: 'completed',
        total: 12_345,
        done: 12_345,
        createdById: admin,
        createdByName: 'An Administrator With A Rather Long Display Name (Contoso Help Desk, Building 42)',
        startedAt: BigInt(now - 60_000),
        finishedAt: BigInt(now),
      },
    });
    await page.goto('/jobs');
    await expectNothingClipped(page, 'Recent bulk jobs');
    // The one time format (UTC to the second, zone named), not the browser's locale.
    const row = page.getByRole('row').filter({ hasText: 'Rather Long Display Name' });
    await expect(row.getByRole('cell').last()).toHaveText(formatTime(now - 60_000));
  });
});
