/**
 * Sync-PinDeskDirectory in local mode against a real Samba AD DC (tests/support/samba-dc.ts),
 * as a real process on a database of its own: -WhatIf counts what a sync would do and changes
 * nothing; the sync prints progress as its batches commit and ends with the run's counts; a
 * second sync reads only the changes.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../lib/db/client';
import { createSource } from '../../lib/db/directory-sources';
import { startSambaDc, type SambaDc, type TestUser } from '../support/samba-dc';
import { createCliDatabase, root, sh } from './cli-helpers';

let dc: SambaDc;
let handle: DbHandle;
let env: Record<string, string>;
let financeDn: string;
const USERS = 120;
const pindesk = 'node bin/pindesk.mjs';

beforeAll(async () => {
  const [started, created] = await Promise.all([startSambaDc(), createCliDatabase(10)]);
  dc = started;
  handle = created.handle;
  const scopeDn = await dc.addOu('PinDeskCli');
  financeDn = await dc.addOu('Finance', scopeDn);
  const users: TestUser[] = Array.from({ length: USERS }, (_, i) => ({
    sam: `clifin${String(i).padStart(3, '0')}`,
    displayName: `Cli Finance ${i}`,
    line: `tel:+1425557${String(1000 + i)}`,
    attributes: { department: 'Finance' },
  }));
  await dc.addUsers(financeDn, [...users, { sam: 'clibadline', displayName: 'Cli Bad Line', line: '+14255550100' }]);
  const settings = {
    url: dc.startTlsUrl,
    caPem: dc.caPem,
    tlsServerName: dc.tlsServerName,
    bindDn: dc.adminUpn,
    baseDns: [scopeDn],
    pageSize: 50,
    timeoutMs: 10_000,
  };
  // A source from the environment binds with DIRECTORY_LDAP_BIND_PASSWORD.
  await createSource(handle.db, {
    name: 'Litware AD',
    kind: 'ldap',
    settings: JSON.stringify(settings),
    fromEnvironment: true,
    syncIntervalMinutes: 0,
    removalGraceHours: 24,
  });
  env = { DATABASE_URL: created.url, DIRECTORY_LDAP_BIND_PASSWORD: dc.adminPassword };
}, 300_000);

afterAll(async () => {
  await handle?.db.$disconnect();
  await dc?.stop();
});

describe('Sync-PinDeskDirectory against Active Directory', () => {
  it('-WhatIf: the counts and the skipped entry with its reason, nothing written', async () => {
    const r = await sh(`${pindesk} Sync-PinDeskDirectory -WhatIf`, env);
    expect(r.code).toBe(0);
    expect(r.errors[0]).toBe(`What if: full sync of "Litware AD": ${USERS} new, 0 changed, 0 disabled, 0 removed, 0 restored, 0 deprovisioned, 1 skipped.`);
    expect(r.errors[1]).toMatch(/^ {2}skipped CN=clibadline,OU=Finance,OU=PinDeskCli,DC=litwareinc,DC=com: .*line URI/);
    expect(await handle.db.directoryUser.count({ where: { sipAddress: { startsWith: 'sip:clifin' } } })).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(dc.adminPassword);
  });

  it('syncs with progress lines, ends with the counts; the next sync reads only what changed', async () => {
    const r = await sh(`${pindesk} Sync-PinDeskDirectory`, env);
    expect(r.code).toBe(0);
    const progress = r.errors.filter((l) => /^Sync-PinDeskDirectory: \d+ read: /.test(l));
    expect(progress.length).toBeGreaterThan(1);
    expect(r.errors.at(-2)).toBe(
      `Sync-PinDeskDirectory: succeeded: ${USERS} new, 0 changed, 0 disabled, 0 removed, 0 restored, 0 deprovisioned, 1 skipped (${USERS + 1} read, 0 unchanged).`,
    );
    expect(r.lines).toEqual([expect.objectContaining({ Source: 'Litware AD', Kind: 'full', Status: 'succeeded', Created: USERS, Skipped: 1 })]);
    expect(await handle.db.directoryUser.count({ where: { sipAddress: { startsWith: 'sip:clifin' } } })).toBe(USERS);

    await dc.disableUser(`CN=clifin007,${financeDn}`);
    const next = await sh(`${pindesk} Sync-PinDeskDirectory -Source "litware ad"`, env);
    expect(next.code).toBe(0);
    expect(next.lines).toEqual([expect.objectContaining({ Kind: 'incremental', Status: 'succeeded', Disabled: 1, Created: 0 })]);
    expect(await handle.db.directoryUser.findFirst({ where: { sipAddress: 'sip:clifin007@litwareinc.com' } })).toMatchObject({ enabled: false });
  });

  it('Ctrl-C cancels a local sync: the run is recorded as cancelled, its result written, exit 130', async () => {
    await dc.addUsers(
      financeDn,
      Array.from({ length: 1500 }, (_, i) => ({ sam: `clibulk${String(i).padStart(4, '0')}`, line: `tel:+1425558${String(1000 + i)}` })),
    );
    const child = spawn('node', ['bin/pindesk.mjs', 'Sync-PinDeskDirectory', '-Full'], {
      cwd: root,
      env: { ...process.env, PINDESK_URL: '', PINDESK_TOKEN: '', PINDESK_OUTPUT: 'json', ...env },
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      // Once the first batch is in: the sync is part-way.
      if (!signalled && / read: /.test(stderr)) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(signalled).toBe(true);
    expect(code).toBe(130);
    const result = JSON.parse(stdout.trim()) as { RunId: string; Status: string; Message: string };
    expect(result).toMatchObject({ Status: 'cancelled', Message: expect.stringContaining('cancelled') });
    expect(stderr).toContain('Sync-PinDeskDirectory: stopped by SIGINT');
    expect(await handle.db.directorySyncRun.findUnique({ where: { id: result.RunId } })).toMatchObject({ status: 'cancelled' });
    // The next sync finishes the work.
    const next = await sh(`${pindesk} Sync-PinDeskDirectory -Full`, env);
    expect(next.code).toBe(0);
    expect(await handle.db.directoryUser.count({ where: { sipAddress: { startsWith: 'sip:clibulk' } } })).toBe(1500);
  });
});
