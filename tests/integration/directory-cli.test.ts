/**
 * Sync-PinDeskDirectory and Import-PinDeskUser in local mode, as real processes on a
 * database of their own (cli-helpers.ts), on both engines: the import's -WhatIf changes
 * nothing, an import creates the users with the CLI as actor, oversized and missing files are
 * refused before anything is read, and a sync without an LDAP source, with several, while
 * another runs, and against an unreachable server each end with a clear message.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../lib/db/client';
import { createSource } from '../../lib/db/directory-sources';
import { releaseSyncLease, takeSyncLease } from '../../lib/db/directory-sync-lease';
import { createCliDatabase, sh, type Run } from './cli-helpers';

let handle: DbHandle;
let env: Record<string, string>;
let dir: string;
const pindesk = 'node bin/pindesk.mjs';
const run = (command: string, extraEnv: Record<string, string> = {}): Promise<Run> => sh(command, { ...env, ...extraEnv });
const fixture = (name: string) => path.join('tests', 'fixtures', 'sfb-export', name);

/** A small export of users no other test knows, as Windows PowerShell 5.1 writes it (UTF-16 LE, #TYPE line). */
function exportFile(tag: string, rows: number): string {
  const lines = [
    '#TYPE Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser',
    '"Identity","DisplayName","SipAddress","LineURI","SamAccountName","UserPrincipalName","Enabled","Department"',
    ...Array.from(
      { length: rows },
      (_, n) =>
        `"CN=Cli ${tag} ${n},OU=Imported,DC=litwareinc,DC=com","Cli ${tag} ${n}","sip:cli${tag}${n}@litwareinc.com","tel:+1425556${String(n).padStart(4, '0')}","cli${tag}${n}","cli${tag}${n}@litwareinc.com","True","Finance, ""Imports"""`,
    ),
  ];
  const file = path.join(dir, `${tag}.csv`);
  fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf16le')]));
  return file;
}

const ldapSettings = (url: string) =>
  JSON.stringify({ url, bindDn: 'CN=svc-pindesk,OU=Service,DC=litwareinc,DC=com', baseDns: ['DC=litwareinc,DC=com'], timeoutMs: 2000 });

async function ldapSource(name: string, url = 'ldap://127.0.0.1:1') {
  // From the environment: its bind password is DIRECTORY_LDAP_BIND_PASSWORD, so no key is needed to seal one.
  return createSource(handle.db, { name, kind: 'ldap', settings: ldapSettings(url), fromEnvironment: true, syncIntervalMinutes: 0, removalGraceHours: 24 });
}

beforeAll(async () => {
  const created = await createCliDatabase(20);
  handle = created.handle;
  env = { DATABASE_URL: created.url, DIRECTORY_LDAP_BIND_PASSWORD: 'not-the-real-one' };
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pindesk-directory-cli-'));
}, 180_000);

afterEach(async () => {
  await handle.db.directorySource.deleteMany({ where: { kind: 'ldap' } });
});

afterAll(async () => {
  await handle?.db.$disconnect();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('Import-PinDeskUser', () => {
  it('-WhatIf prints the encoding, rows, problems by line and the counts, and changes nothing', async () => {
    const users = await handle.db.directoryUser.count();
    const runs = await handle.db.directorySyncRun.count();
    const r = await run(`${pindesk} Import-PinDeskUser -Path ${fixture('bad-rows.csv')} -WhatIf`);
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([]);
    expect(r.errors[0]).toBe(
      `What if: import of "${fixture('bad-rows.csv')}": utf-8, #TYPE Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser, 10 rows (5 users, 5 with problems).`,
    );
    expect(r.errors).toContain('What if: 5 new, 0 changed, 0 disabled, 0 removed, 0 restored, 0 deprovisioned, 5 skipped.');
    expect(r.errors).toContain('  skipped line 4: it has no SIP address (its SipAddress is empty)');
    expect(r.errors).toContain('  skipped line 9 (sip:anna@litwareinc.com): duplicate SIP address, also on line 3');
    expect(await handle.db.directoryUser.count()).toBe(users);
    expect(await handle.db.directorySyncRun.count()).toBe(runs);
  });

  it('-WhatIf names the columns it ignores', async () => {
    const r = await run(`${pindesk} Import-PinDeskUser ${fixture('ps7-utf8.csv')} -WhatIf`);
    expect(r.code).toBe(0);
    expect(r.errors).toContainEqual(expect.stringMatching(/^ {2}ignored columns: .*VoicePolicy/));
  });

  it('imports a UTF-16 LE export: the users exist, the run is recorded, the CLI is the actor', async () => {
    const tag = randomUUID().slice(0, 6);
    const file = exportFile(tag, 3);
    const r = await run(`${pindesk} Import-PinDeskUser -Path ${file} -Domain LITWAREINC`);
    expect(r.errors.at(-1)).toBe(
      'Import-PinDeskUser: succeeded: 3 new, 0 changed, 0 disabled, 0 removed, 0 restored, 0 deprovisioned, 0 skipped (3 read, 0 unchanged).',
    );
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([
      expect.objectContaining({ Source: 'Skype for Business import', Kind: 'import', Status: 'succeeded', Created: 3, Skipped: 0, Message: '' }),
    ]);
    const users = await handle.db.directoryUser.findMany({ where: { sipAddress: { startsWith: `sip:cli${tag}` } }, orderBy: { sipAddress: 'asc' } });
    expect(users.map((u) => [u.sipAddress, u.department])).toEqual([0, 1, 2].map((n) => [`sip:cli${tag}${n}@litwareinc.com`, 'Finance, "Imports"']));
    const runId = (r.lines[0] as { RunId: string }).RunId;
    expect(await handle.db.directorySyncRun.findUnique({ where: { id: runId } })).toMatchObject({ status: 'succeeded', created: 3 });
    const started = await handle.db.auditEvent.findFirst({ where: { action: 'directory_sync.started', details: { contains: runId } } });
    expect(started).toMatchObject({ actorType: 'cli', actorName: expect.stringContaining('(pindesk CLI)') });

    // The same file again: nothing new.
    const again = await run(`${pindesk} Import-PinDeskUser -Path ${file} -Domain LITWAREINC`);
    expect(again.code).toBe(0);
    expect(again.lines).toEqual([expect.objectContaining({ Created: 0, Unchanged: 3 })]);
  });

  it('a file over 50 MiB is refused before it is read (exit 2), as are a missing file and a bad -Domain', async () => {
    const big = path.join(dir, 'big.csv');
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, 50 * 1024 * 1024 + 1);
    const r = await run(`${pindesk} Import-PinDeskUser -Path ${big}`);
    expect(r.code).toBe(2);
    expect(r.errors).toEqual([
      expect.stringMatching(/^Import-PinDeskUser: -Path: ".*big\.csv" is 50\.0 MiB; at most 50 MiB can be imported\. Export fewer users/),
    ]);

    const missing = await run(`${pindesk} Import-PinDeskUser -Path ${path.join(dir, 'none.csv')}`);
    expect(missing.code).toBe(2);
    expect(missing.errors).toEqual([expect.stringMatching(/^Import-PinDeskUser: -Path: there is no file ".*none\.csv"\.$/)]);

    const domain = await run(`${pindesk} Import-PinDeskUser -Path ${fixture('ps7-utf8.csv')} -Domain "LIT WARE" -WhatIf`);
    expect(domain.code).toBe(2);
    expect(domain.errors).toEqual([expect.stringContaining('The domain must be a NetBIOS domain name')]);

    const noPath = await run(`${pindesk} Import-PinDeskUser -WhatIf`);
    expect(noPath.code).toBe(2);
    expect(noPath.errors).toEqual(['Import-PinDeskUser: give -Path <file.csv>: a file from Get-CsUser | Export-Csv.']);
  });

  it('a file that cannot be imported as a whole: one line saying why, exit 1, nothing imported', async () => {
    const runs = await handle.db.directorySyncRun.count();
    const r = await run(`${pindesk} Import-PinDeskUser -Path ${fixture('missing-columns.csv')}`);
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^Import-PinDeskUser: tests\/fixtures\/sfb-export\/missing-columns\.csv: .*SipAddress/);
    expect(await handle.db.directorySyncRun.count()).toBe(runs);
  });
});

describe('Sync-PinDeskDirectory', () => {
  it('without an LDAP source: a clear error, exit 1', async () => {
    const r = await run(`${pindesk} Sync-PinDeskDirectory -WhatIf`);
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([
      'Sync-PinDeskDirectory: There is no LDAP directory source to sync. Add one on the Directory page, or set DIRECTORY_LDAP_URL (and the other DIRECTORY_LDAP_* settings) on the server.',
    ]);
  });

  it('with several sources -Source is required, and the error lists them; an unknown name lists them too', async () => {
    await ldapSource('Litware AD');
    await ldapSource('Contoso AD');
    const r = await run(`${pindesk} Sync-PinDeskDirectory`);
    expect(r.code).toBe(2);
    expect(r.errors).toEqual([
      expect.stringMatching(
        /^Sync-PinDeskDirectory: There are 2 LDAP sources; name one with -Source \(source\): .*"Contoso AD".*"Litware AD"|"Litware AD".*"Contoso AD"/,
      ),
    ]);
    const unknown = await run(`${pindesk} Sync-PinDeskDirectory -Source Fabrikam -WhatIf`);
    expect(unknown.code).toBe(1);
    expect(unknown.errors[0]).toMatch(/^Sync-PinDeskDirectory: There is no directory source named "Fabrikam"\. The LDAP sources are: /);
    const demo = await run(`${pindesk} Sync-PinDeskDirectory -Source "Skype for Business import"`);
    expect(demo.code).toBe(1);
    expect(demo.errors).toEqual(['Sync-PinDeskDirectory: "Skype for Business import" changes only by importing a new export file (Import-PinDeskUser).']);
  });

  it('while another sync runs: says so, exit 1; an unreachable server: the run fails with its message, exit 1, no password shown', async () => {
    await ldapSource('Litware AD');
    const holder = randomUUID();
    expect(await takeSyncLease(handle.executor, { runId: holder, owner: 'other-host:1', leaseUntil: Date.now() + 60_000 }, Date.now())).toBe(true);
    try {
      const busy = await run(`${pindesk} Sync-PinDeskDirectory`);
      expect(busy.code).toBe(1);
      expect(busy.errors).toEqual([
        'Sync-PinDeskDirectory: Another directory sync is running (on other-host:1). Wait for it to finish; its progress is on the Directory page.',
      ]);
    } finally {
      await releaseSyncLease(handle.executor, holder);
    }

    const preview = await run(`${pindesk} Sync-PinDeskDirectory -WhatIf`);
    expect(preview.code).toBe(1);
    const unreachable = 'Litware AD: Cannot reach 127.0.0.1:1: nothing listens on that port. Check the URL (ldap://host:389 or ldaps://host:636).';
    expect(preview.errors).toEqual([`Sync-PinDeskDirectory: ${unreachable}`]);

    const r = await run(`${pindesk} Sync-PinDeskDirectory -Full`);
    expect(r.code).toBe(1);
    expect(r.errors[0]).toMatch(/^Sync-PinDeskDirectory: started run [0-9a-f-]{36}\.$/);
    expect(r.errors.at(-2)).toBe(
      'Sync-PinDeskDirectory: failed: 0 new, 0 changed, 0 disabled, 0 removed, 0 restored, 0 deprovisioned, 0 skipped (0 read, 0 unchanged).',
    );
    expect(r.errors.at(-1)).toBe(`Sync-PinDeskDirectory: ${unreachable}`);
    expect(r.lines).toEqual([expect.objectContaining({ Source: 'Litware AD', Kind: 'full', Status: 'failed', Created: 0 })]);
    expect(r.stdout + r.stderr).not.toContain('not-the-real-one');
  });
});
