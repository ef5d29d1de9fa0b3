/**
 * The `pindesk` CLI in remote mode against the production server: each role creates a
 * personal API token on the API tokens page (through the UI), then real CLI processes run
 * pipelines with PINDESK_URL / PINDESK_TOKEN. The token acts with its owner's roles; a
 * revoked token is refused; a PIN the CLI printed logs on through the bridge API.
 */
import { spawn } from 'node:child_process';
import type { Page } from '@playwright/test';
import { bridgeKey } from './fixtures/accounts';
import { testDb } from './fixtures/db';
import { snapshotPolicies } from './fixtures/policy-snapshot';
import { expect, test } from './fixtures/test';

type Run = { code: number; lines: Record<string, unknown>[]; errors: string[]; stderr: string };

/** Creates a token on the page and returns its secret (shown once). */
async function createToken(page: Page, name: string): Promise<string> {
  await page.goto('/api-tokens');
  await page.getByLabel('Token name').fill(name);
  await page.getByLabel('Expires').selectOption({ label: 'in 7 days' });
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = (await page.getByLabel('New API token').textContent())!.trim();
  expect(secret).toMatch(/^pdt_/);
  await page.getByRole('button', { name: 'I have copied the token' }).click();
  await expect(page.getByText(secret)).toHaveCount(0);
  await expect(page.getByRole('cell', { name, exact: true })).toBeVisible();
  return secret;
}

function cli(baseURL: string, token: string, command: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], {
      env: { ...process.env, PINDESK_URL: baseURL, PINDESK_TOKEN: token, PINDESK_OUTPUT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code: code ?? -1,
        lines: stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
        errors: stderr.split('\n').filter((l) => l && !l.startsWith('npm warn')),
        stderr,
      }),
    );
  });
}

const pindesk = 'node bin/pindesk.mjs';

test.describe('pindesk CLI, remote mode (API tokens)', () => {
  test('[CsUserAdministrator] creates a token; the CLI sets a PIN that logs on through the bridge API; pipelines run', async ({
    asUserAdmin: page,
    baseURL,
    request,
  }) => {
    const token = await createToken(page, 'e2e useradmin script');
    const unlock = await cli(baseURL!, token, `${pindesk} Unlock-CsClientPin -Identity "litwareinc\\kenmyer"`);
    expect(unlock.errors).toEqual([]);

    const set = await cli(baseURL!, token, 'npx pindesk Set-CsClientPin -Identity "litwareinc\\kenmyer"');
    expect(set.errors).toEqual([]);
    expect(set.code).toBe(0);
    expect(set.lines).toEqual([{ Identity: 'sip:kenmyer@litwareinc.com', Pin: expect.stringMatching(/^\d+$/), IsPinSet: true }]);
    const pin = set.lines[0].Pin as string;
    const logon = await request.post('/api/v1/pin-logon', { headers: { Authorization: `Bearer ${bridgeKey}` }, data: { identity: '100', pin } });
    expect(await logon.json()).toMatchObject({ result: 'accepted', user: { sipAddress: 'sip:kenmyer@litwareinc.com' } });

    // The audit names the token's owner and the token; never the PIN.
    const tokenRow = await testDb().apiToken.findFirstOrThrow({ where: { name: 'e2e useradmin script' } });
    const audit = await testDb().auditEvent.findFirstOrThrow({
      where: { action: 'pin.set', targetName: 'sip:kenmyer@litwareinc.com' },
      orderBy: { id: 'desc' },
    });
    expect(audit.actorName).toBe((await testDb().directoryUser.findUniqueOrThrow({ where: { upn: 'useradmin@litwareinc.com' } })).displayName);
    expect(JSON.parse(audit.details)).toMatchObject({ apiTokenId: tokenRow.id, method: 'admin_generated' });
    expect(audit.details).not.toContain(pin);
    expect(tokenRow.lastUsedAt).not.toBeNull();

    const info = await cli(baseURL!, token, 'npx pindesk Get-CsClientPinInfo -Identity "litwareinc\\kenmyer"');
    expect(info.lines).toEqual([expect.objectContaining({ Identity: 'sip:kenmyer@litwareinc.com', IsPinSet: true, IsLockedOut: false })]);

    const finance = await cli(
      baseURL!,
      token,
      `${pindesk} Get-CsUser -OU "OU=Finance,DC=litwareinc,DC=com" -ResultSize 60 | ${pindesk} Get-CsClientPinInfo | ${pindesk} Where-Object '{$_.IsPinSet -eq $True}'`,
    );
    expect(finance.errors).toEqual([]);
    expect(finance.lines.length).toBeGreaterThan(0);
    for (const line of finance.lines) expect(line).toMatchObject({ IsPinSet: true });

    const whatIf = await cli(baseURL!, token, `${pindesk} Set-CsClientPin -Identity kenmyer@litwareinc.com -Pin 12ab -WhatIf`);
    expect(whatIf.code).toBe(1);
    expect(whatIf.errors).toEqual([
      'Set-CsClientPin: kenmyer@litwareinc.com: The PIN may contain only the digits 0-9 (no letters, spaces, signs or other characters).',
    ]);
  });

  test('[CsHelpDesk] a help-desk token cannot set a PIN: API 403 and a CLI error', async ({ asHelpDesk: page, baseURL, request }) => {
    const token = await createToken(page, 'e2e helpdesk script');
    const api = await request.post('/api/v1/pins/set', {
      headers: { Authorization: `Bearer ${token}` },
      data: { identity: 'kenmyer@litwareinc.com', pin: '97153864' },
    });
    expect(api.status()).toBe(403);
    expect((await api.json()).error).toContain('CsHelpDesk');
    const before = await testDb().pinState.findFirst({ where: { user: { upn: 'kenmyer@litwareinc.com' } }, select: { pinSetAt: true } });

    const r = await cli(baseURL!, token, `${pindesk} Get-CsUser -LdapFilter "&(Department=Finance)(Title=Finance Manager)" | ${pindesk} Set-CsClientPin`);
    expect(r.code).not.toBe(0);
    expect(r.errors.length).toBeGreaterThan(0);
    for (const line of r.errors) expect(line).toMatch(/^Set-CsClientPin: sip:\S+: Your role \(CsHelpDesk\) does not allow this \(it needs pin\.write\)\.$/);
    expect(r.lines).toEqual([]);
    const after = await testDb().pinState.findFirst({ where: { user: { upn: 'kenmyer@litwareinc.com' } }, select: { pinSetAt: true } });
    expect(after).toEqual(before);
    // What the role allows works with the same token.
    const info = await cli(baseURL!, token, `${pindesk} Get-CsClientPinInfo kenmyer@litwareinc.com`);
    expect(info.code).toBe(0);
    expect(await testDb().auditEvent.count({ where: { action: 'authorization.denied', details: { contains: 'pin.write' } } })).toBeGreaterThan(0);
  });

  test('[CsAdministrator] runs the policy pipelines remotely; a revoked token gets 401', async ({ asAdmin: page, baseURL, request }) => {
    const restore = await snapshotPolicies();
    try {
      const token = await createToken(page, 'e2e admin script');
      const seven = await cli(baseURL!, token, 'npx pindesk Set-CsPinPolicy -Identity site:Redmond -MinPasswordLength 10');
      expect(seven.errors).toEqual([]);
      expect((await testDb().pinPolicy.findUniqueOrThrow({ where: { identity: 'site:Redmond' } })).minPasswordLength).toBe(10);
      const created = await cli(baseURL!, token, `${pindesk} New-CsPinPolicy LongPins -MinPasswordLength 12`);
      expect(created.errors).toEqual([]);
      const eight = await cli(
        baseURL!,
        token,
        `npx pindesk Get-CsPinPolicy | npx pindesk Where-Object '{$_.MinPasswordLength -gt 10}' | npx pindesk Set-CsPinPolicy -MaximumLogonAttempts 25`,
      );
      expect(eight.errors).toEqual([]);
      expect(eight.lines).toEqual([expect.objectContaining({ Identity: 'tag:LongPins', MaximumLogonAttempts: 25 })]);
      const bad = await cli(baseURL!, token, `${pindesk} Set-CsPinPolicy site:Redmond -MinPasswordLength 30`);
      expect(bad.errors).toEqual(['Set-CsPinPolicy: site:Redmond: MinPasswordLength must be a whole number from 4 to 24.']);

      // The administrator sees this token in the list and revokes it there.
      page.once('dialog', (d) => d.accept());
      await page.getByRole('button', { name: 'Revoke e2e admin script' }).click();
      await expect(page.getByText('Revoked the API token "e2e admin script".')).toBeVisible();
      const api = await request.get('/api/v1/pin-policies', { headers: { Authorization: `Bearer ${token}` } });
      expect(api.status()).toBe(401);
      expect((await api.json()).error).toContain('revoked');
      const refused = await cli(baseURL!, token, `${pindesk} Get-CsPinPolicy`);
      expect(refused.code).toBe(1);
      expect(refused.errors).toEqual(['Get-CsPinPolicy: This API token was revoked: create a new one on the API tokens page.']);
      expect(JSON.stringify(await testDb().apiToken.findMany({ omit: { tokenHash: false } }))).not.toContain(token);
    } finally {
      await restore();
    }
  });

  test('[CsUserAdministrator] the other issue examples run remotely as written (2, 3, 4, 6)', async ({ asUserAdmin: page, baseURL }) => {
    test.setTimeout(300_000);
    const db = testDb();
    // Put the demo data back afterwards: later specs expect users without a PIN and the seeded titles.
    const withoutPin = await db.directoryUser.findMany({
      where: { OR: [{ pinState: { is: null } }, { pinState: { is: { pinHash: null } } }] },
      select: { id: true },
    });
    const managers = ['sip:pilarsmith@litwareinc.com', 'sip:amysmith@litwareinc.com'];
    const titles = await db.directoryUser.findMany({ where: { sipAddress: { in: managers } }, select: { id: true, title: true } });
    try {
      const token = await createToken(page, 'e2e useradmin examples');
      const two = await cli(baseURL!, token, 'npx pindesk Set-CsClientPin -Identity "litwareinc\\kenmyer" -Pin 18723834');
      expect(two.errors).toEqual([]);
      expect(two.lines).toEqual([{ Identity: 'sip:kenmyer@litwareinc.com', IsPinSet: true }]);

      const finance = await db.directoryUser.findMany({ where: { ouPath: { startsWith: 'litwareinc.com/Finance/' } }, select: { sipAddress: true } });
      const three = await cli(baseURL!, token, 'npx pindesk Get-CsUser -OU "OU=Finance,DC=litwareinc,DC=com" | npx pindesk Set-CsClientPin');
      for (const line of three.errors) expect(line).toMatch(/^Set-CsClientPin: sip:\S+: This PIN is locked\. Unlock the PIN before setting a new one\.$/);
      expect(three.lines.length + three.errors.length).toBe(finance.length);
      expect(three.code).toBe(three.errors.length ? 1 : 0);

      const missing = await db.directoryUser.count({ where: { OR: [{ pinState: { is: null } }, { pinState: { is: { pinHash: null } } }] } });
      const four = await cli(
        baseURL!,
        token,
        `npx pindesk Get-CsUser | npx pindesk Get-CsClientPinInfo | npx pindesk Where-Object '{$_.IsPinSet -eq $False}' | npx pindesk Set-CsClientPin`,
      );
      expect(four.lines.length + four.errors.length).toBe(missing);
      expect(await db.directoryUser.count({ where: { OR: [{ pinState: { is: null } }, { pinState: { is: { pinHash: null } } }] } })).toBe(four.errors.length);

      await db.directoryUser.updateMany({ where: { sipAddress: { in: managers } }, data: { title: 'Manager', titleKey: 'manager' } });
      const six = await cli(baseURL!, token, 'npx pindesk Get-CsUser -LdapFilter "Title=Manager" | npx pindesk Get-CsClientPinInfo');
      expect(six.errors).toEqual([]);
      expect(six.lines.map((l) => l.Identity).sort()).toEqual([...managers].sort());
    } finally {
      const ids = withoutPin.map((u) => u.id);
      // In slices: SQLite takes at most 999 parameters per statement.
      for (let i = 0; i < ids.length; i += 500) {
        await db.pinHistory.deleteMany({ where: { userId: { in: ids.slice(i, i + 500) } } });
        await db.pinState.deleteMany({ where: { userId: { in: ids.slice(i, i + 500) } } });
      }
      for (const t of titles) await db.directoryUser.update({ where: { id: t.id }, data: { title: t.title, titleKey: t.title.toLowerCase() } });
    }
  });

  test('[CsUserAdministrator] remote Set-CsClientPin into `head -1` stops at the closed output and names every user whose PIN it set', async ({
    asUserAdmin: page,
    baseURL,
  }) => {
    const db = testDb();
    const hashes = async () =>
      new Map(
        (await db.directoryUser.findMany({ select: { id: true, sipAddress: true, pinState: { select: { pinHash: true } } } })).map((u) => [
          u.sipAddress,
          { id: u.id, hash: u.pinState?.pinHash ?? null },
        ]),
      );
    const before = await hashes();
    const token = await createToken(page, 'e2e useradmin head');
    const r = await cli(
      baseURL!,
      token,
      `${pindesk} Get-CsUser -OU "OU=Finance,DC=litwareinc,DC=com" -ResultSize 40 | { ${pindesk} Set-CsClientPin; echo "set-exit=$?" >&2; } | head -1`,
    );
    const after = await hashes();
    const changed = [...after].filter(([sip, { hash }]) => hash !== before.get(sip)?.hash).map(([sip]) => sip);
    try {
      expect(r.errors).toContain('set-exit=1');
      expect(r.lines).toEqual([{ Identity: expect.stringMatching(/^sip:/), Pin: expect.stringMatching(/^\d+$/), IsPinSet: true }]);
      const named = r.errors.flatMap(
        (l) => l.match(/^Set-CsClientPin: (sip:\S+): the PIN was set, but the output closed before this result could be known to have been read\./)?.[1] ?? [],
      );
      expect(changed).toContain(r.lines[0].Identity);
      expect(named.sort()).toEqual(changed.sort());
      expect(changed.length).toBeLessThan(20);
      expect(r.stderr).not.toContain(r.lines[0].Pin as string);
    } finally {
      // Later specs expect the demo's users without a PIN to be without one.
      const ids = changed.filter((sip) => before.get(sip)?.hash === null).map((sip) => after.get(sip)!.id);
      await db.pinHistory.deleteMany({ where: { userId: { in: ids } } });
      await db.pinState.deleteMany({ where: { userId: { in: ids } } });
    }
  });

  test('[CsViewOnlyAdministrator] sees the API tokens page and only their own tokens', async ({ asViewer: page }) => {
    await page.goto('/users');
    await page.getByRole('link', { name: 'API tokens' }).click();
    await expect(page.getByRole('heading', { name: 'API tokens' })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'e2e admin script' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect(page.getByText('Give the token a name, e.g. "nightly PIN report".', { exact: true })).toBeVisible();
  });

  test('[CsUserAdministrator] the API answers 400 naming the field, 404 for an unknown user, 422 with the PIN rule, and dry-runs', async ({
    asUserAdmin: page,
    request,
  }) => {
    const token = await createToken(page, 'e2e useradmin api');
    const auth = { Authorization: `Bearer ${token}` };
    const badField = await request.post('/api/v1/pins/set', { headers: auth, data: { identity: 5 } });
    expect(badField.status()).toBe(400);
    expect(await badField.json()).toMatchObject({ code: 'INVALID_INPUT', error: expect.stringContaining('identity') });
    const badLdap = await request.get('/api/v1/users?ldapFilter=Colour%3DBlue', { headers: auth });
    expect(badLdap.status()).toBe(400);
    expect((await badLdap.json()).error).toContain('unknown attribute "Colour"');
    const unknown = await request.get(`/api/v1/pin-info?identity=${encodeURIComponent('nobody@litwareinc.com')}`, { headers: auth });
    expect(unknown.status()).toBe(404);
    expect((await unknown.json()).code).toBe('USER_NOT_FOUND');
    const letters = await request.post('/api/v1/pins/set', { headers: auth, data: { identity: 'kenmyer@litwareinc.com', pin: '12ab5678' } });
    expect(letters.status()).toBe(422);
    const body = await letters.text();
    expect(JSON.parse(body).code).toBe('PIN_NOT_DIGITS');
    expect(body).not.toContain('12ab5678');
    const before = await testDb().pinState.findFirst({ where: { user: { upn: 'kenmyer@litwareinc.com' } }, select: { pinSetAt: true } });
    const dryRun = await request.post('/api/v1/pins/set?whatIf=true', { headers: auth, data: { identity: 'kenmyer@litwareinc.com' } });
    expect(await dryRun.json()).toEqual({
      WhatIf: expect.stringMatching(/^What if: Performing the operation "Set-CsClientPin" on target "sip:kenmyer@litwareinc.com"/),
    });
    expect(await testDb().pinState.findFirst({ where: { user: { upn: 'kenmyer@litwareinc.com' } }, select: { pinSetAt: true } })).toEqual(before);
    const generated = await request.post('/api/v1/pins/set', { headers: auth, data: { identity: 'kenmyer@litwareinc.com' } });
    expect(generated.headers()['cache-control']).toBe('no-store');
    const users = await request.get(
      `/api/v1/users?ou=${encodeURIComponent('OU=Finance,DC=litwareinc,DC=com')}&ldapFilter=${encodeURIComponent('&(Department=Finance)(Title=Finance Manager)')}`,
      { headers: auth },
    );
    expect((await users.json()).users).toEqual(expect.arrayContaining([expect.objectContaining({ Identity: 'sip:kenmyer@litwareinc.com' })]));
  });

  test('GET /api/v1/openapi.json describes the scripting API with the token scheme', async ({ request }) => {
    const doc = await (await request.get('/api/v1/openapi.json')).json();
    expect(doc.components.securitySchemes.apiToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/users', '/pin-info', '/pins/set', '/pins/lock', '/pins/unlock', '/pin-policies', '/pin-policies/grant']),
    );
  });
});
