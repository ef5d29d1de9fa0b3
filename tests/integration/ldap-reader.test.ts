/**
 * The LDAP reader against a real Samba AD DC (tests/support/samba-dc.ts): full reads over
 * StartTLS and LDAPS in pages, the disabled bit and msRTCSIP-UserEnabled FALSE, a read of
 * changes that returns exactly the changed users, gone() for deleted and moved-out users, and
 * the clear messages for a wrong CA, a wrong password, an unreachable server and a bad filter.
 * No database: the reader only reads the directory.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryEntry } from '@/lib/directory/entry';
import type { DirectoryRead, EntryProblem } from '@/lib/directory/reader';
import { LdapSourceError, openLdap } from '@/lib/directory/ldap/connection';
import { createLdapReader, FULL_READ_EVERY_MS, plainPagedRead } from '@/lib/directory/ldap/ldap-reader';
import { parseLdapSettings, type LdapSourceSettings } from '@/lib/directory/ldap/settings';
import { testLdapConnection } from '@/lib/directory/ldap/test-connection';
import { startSambaDc, type SambaDc, type TestUser } from '../support/samba-dc';
import { closedPort } from '../support/closed-port';

let dc: SambaDc;
let scopeDn: string;
let financeDn: string;
let salesDn: string;
let outsideDn: string;
let financeUsers: string[];
let settings: LdapSourceSettings;

const BULK = 120;

beforeAll(async () => {
  dc = await startSambaDc();
  scopeDn = await dc.addOu('PinDesk');
  financeDn = await dc.addOu('Finance', scopeDn);
  salesDn = await dc.addOu('Sales', scopeDn);
  outsideDn = await dc.addOu('Elsewhere');
  const bulk: TestUser[] = Array.from({ length: BULK }, (_, i) => ({
    sam: `fin${String(i).padStart(3, '0')}`,
    displayName: `Finance User ${i}`,
    givenName: 'Finance',
    sn: `User ${i}`,
    line: `tel:+1425555${String(1000 + i)}`,
    attributes: { department: 'Finance', telephoneNumber: '+1 (425) 555-0100' },
  }));
  financeUsers = await dc.addUsers(financeDn, bulk);
  await dc.addUsers(salesDn, [
    {
      sam: 'kenmyer',
      displayName: 'Ken Myer',
      line: 'tel:+14255550100;ext=100',
      attributes: { otherTelephone: ['+1 425 555 0101', '+1 425 555 0102'], l: 'Redmond' },
    },
    { sam: 'disabledbit', displayName: 'Disabled Bit', disabled: true },
    { sam: 'sipoff', displayName: 'SIP Off', sipEnabled: false },
    { sam: 'notsip', displayName: 'Not SIP', sipEnabled: null },
    { sam: 'badline', displayName: 'Bad Line', line: '+14255550100' },
  ]);
  await dc.addUsers(outsideDn, [{ sam: 'outsider', displayName: 'Outside Scope' }]);
  settings = parseLdapSettings({
    url: dc.startTlsUrl,
    caPem: dc.caPem,
    tlsServerName: dc.tlsServerName,
    bindDn: dc.adminUpn,
    baseDns: [scopeDn],
    pageSize: 50,
    siteRules: [{ ou: salesDn, site: 'Redmond' }],
    timeoutMs: 10_000,
  });
});
afterAll(async () => {
  await dc?.stop();
});

type Collected = { read: DirectoryRead; entries: DirectoryEntry[]; problems: EntryProblem[]; batchSizes: number[] };

async function readAll(options: { since?: string | null; full?: boolean; signal?: AbortSignal }, with_: LdapSourceSettings = settings): Promise<Collected> {
  const read = await createLdapReader({ settings: with_, bindPassword: dc.adminPassword }).read({
    since: options.since ?? null,
    full: options.full ?? false,
    signal: options.signal,
  });
  const entries: DirectoryEntry[] = [];
  const problems: EntryProblem[] = [];
  const batchSizes: number[] = [];
  for await (const batch of read.batches) {
    entries.push(...batch.entries);
    problems.push(...batch.problems);
    batchSizes.push(batch.entries.length + batch.problems.length);
  }
  return { read, entries, problems, batchSizes };
}

const bySam = (entries: DirectoryEntry[], sam: string) => entries.find((e) => e.samAccountName === sam);

async function otherCa(): Promise<string> {
  const { stdout } = await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    '/dev/null',
    '-subj',
    '/CN=Not the DC CA',
    '-days',
    '1',
  ]);
  return stdout;
}

describe('the LDAP reader against a Samba AD DC', () => {
  let cursor: string;

  it('reads more users than one page over StartTLS, one batch per page, with the disabled ones', async () => {
    const { read, entries, problems, batchSizes } = await readAll({});
    expect(read.kind).toBe('full');
    // 120 + Ken + the two disabled ones; "Not SIP" is out of scope, "Bad Line" is a problem.
    expect(entries).toHaveLength(BULK + 3);
    expect(new Set(entries.map((e) => e.externalId)).size).toBe(entries.length);
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(50);
    expect(batchSizes.length).toBeGreaterThanOrEqual(3);
    expect(bySam(entries, 'notsip')).toBeUndefined();
    expect(bySam(entries, 'outsider')).toBeUndefined();

    expect(bySam(entries, 'kenmyer')).toMatchObject({
      displayName: 'Ken Myer',
      domain: 'litwareinc',
      upn: 'kenmyer@litwareinc.com',
      sipAddress: 'sip:kenmyer@litwareinc.com',
      lineUri: 'tel:+14255550100;ext=100',
      otherPhones: ['+1 425 555 0101', '+1 425 555 0102'],
      city: 'Redmond',
      site: 'Redmond',
      enabled: true,
    });
    expect(bySam(entries, 'fin007')).toMatchObject({ department: 'Finance', site: null, enabled: true, lineUri: 'tel:+14255551007' });
    expect(bySam(entries, 'disabledbit')?.enabled).toBe(false);
    expect(bySam(entries, 'sipoff')?.enabled).toBe(false);

    expect(problems).toEqual([
      { entry: expect.stringMatching(/^CN=badline,OU=Sales/i), reason: expect.stringContaining('line URI'), externalId: expect.any(String) },
    ]);
    const badLineGuid = await dc.guidOf(problems[0].entry);
    expect(problems[0].externalId).toBe(badLineGuid);

    const parsed = JSON.parse(read.nextCursor ?? '');
    expect(parsed).toMatchObject({
      invocationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      usn: expect.any(Number),
      host: expect.stringContaining('litwareinc.com'),
      at: expect.any(Number),
    });
    expect(parsed.usn).toBeGreaterThanOrEqual((await dc.highestCommittedUsn()) - 1);
    expect(await dc.guidOf(financeUsers[0])).toBe(bySam(entries, 'fin000')?.externalId);
    cursor = read.nextCursor!;
  });

  it('reads the same over LDAPS, and plainPagedRead counts the same entries', async () => {
    const ldaps = { ...settings, url: dc.ldapsUrl };
    const { entries, problems } = await readAll({}, ldaps);
    expect(entries).toHaveLength(BULK + 3);
    expect(problems).toHaveLength(1);
    expect(await plainPagedRead(ldaps, dc.adminPassword)).toBe(BULK + 4);
  });

  it('reads only the three changed users after a change, and no one gone', async () => {
    await dc.modify(financeUsers.slice(10, 13).map((dn) => ({ dn, set: { title: 'Controller' } })));
    const { read, entries } = await readAll({ since: cursor });
    expect(read.kind).toBe('changes');
    expect(entries.map((e) => e.samAccountName).sort()).toEqual(['fin010', 'fin011', 'fin012']);
    expect(entries.every((e) => e.title === 'Controller')).toBe(true);
    if (read.kind === 'changes') expect(await read.gone()).toEqual([]);
    cursor = read.nextCursor!;
  });

  it('keeps the externalId through a rename and an OU move, and reads the disabled bit as a change', async () => {
    const [ken] = (await readAll({ full: true })).entries.filter((e) => e.samAccountName === 'kenmyer');
    const renamed = await dc.rename(ken.distinguishedName, 'Ken Myer');
    const moved = await dc.move(renamed, financeDn);
    await dc.disableUser(financeUsers[20]);
    const { read, entries } = await readAll({ since: cursor });
    expect(read.kind).toBe('changes');
    expect(entries.map((e) => e.samAccountName).sort()).toEqual(['fin020', 'kenmyer']);
    expect(bySam(entries, 'kenmyer')).toMatchObject({ externalId: ken.externalId, distinguishedName: moved, site: null });
    expect(bySam(entries, 'fin020')?.enabled).toBe(false);
    cursor = read.nextCursor!;
  });

  it('lists a deleted user, a user moved out of the base DN and a user no longer enabled for SIP in gone()', async () => {
    const deleted = await dc.guidOf(financeUsers[30]);
    const movedOut = await dc.guidOf(financeUsers[31]);
    const unset = await dc.guidOf(financeUsers[32]);
    await dc.remove(financeUsers[30]);
    await dc.move(financeUsers[31], outsideDn);
    await dc.setAttributes(financeUsers[32], { 'msRTCSIP-UserEnabled': null });
    await dc.setAttributes(financeUsers[33], { title: 'Still here' });
    const { read, entries } = await readAll({ since: cursor });
    expect(read.kind).toBe('changes');
    expect(entries.map((e) => e.samAccountName)).toEqual(['fin033']);
    if (read.kind !== 'changes') return;
    expect((await read.gone()).sort()).toEqual([deleted, movedOut, unset].sort());
    cursor = read.nextCursor!;
  });

  it('reads everything again for full: true, a cursor of another domain controller, an old one or a malformed one', async () => {
    const other = JSON.stringify({ ...JSON.parse(cursor), invocationId: '00000000-0000-0000-0000-000000000000' });
    const old = JSON.stringify({ ...JSON.parse(cursor), at: Date.now() - FULL_READ_EVERY_MS - 1 });
    for (const options of [{ since: cursor, full: true }, { since: other }, { since: old }, { since: 'not json' }, { since: '{"usn":-1}' }]) {
      const { read, entries } = await readAll(options);
      expect(read.kind).toBe('full');
      expect(entries.length).toBe(BULK + 3 - 3);
    }
  });

  it('stops between pages when the signal aborts', async () => {
    const controller = new AbortController();
    const read = await createLdapReader({ settings, bindPassword: dc.adminPassword }).read({ since: null, full: true, signal: controller.signal });
    const seen: number[] = [];
    const reading = (async () => {
      for await (const batch of read.batches) {
        seen.push(batch.entries.length);
        controller.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ code: 'ABORTED' });
    expect(seen).toHaveLength(1);
  });

  it('tests the connection and counts the users in scope', async () => {
    const result = await testLdapConnection({ ...settings, baseDns: [scopeDn, salesDn] }, dc.adminPassword);
    expect(result).toMatchObject({ ok: true, details: { tls: 'StartTLS', inScope: [{ baseDn: scopeDn }, { baseDn: salesDn }] } });
    if (!result.ok) return;
    expect(Number(result.details.inScope[0].count)).toBeGreaterThan(100);
    expect(result.message).toContain('over StartTLS');
    const capped = await testLdapConnection({ ...settings, url: dc.ldapsUrl, pageSize: 1000 }, dc.adminPassword);
    expect(capped).toMatchObject({ ok: true, details: { tls: 'LDAPS' } });
  });
});

describe('clear messages for what goes wrong', () => {
  it.each(['startTls', 'ldaps'] as const)('refuses a server whose certificate is not signed by the given CA (%s)', async (kind) => {
    const url = kind === 'ldaps' ? dc.ldapsUrl : dc.startTlsUrl;
    const error = await openLdap({ ...settings, url, caPem: await otherCa() }, dc.adminPassword).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LdapSourceError);
    expect(error).toMatchObject({ code: 'TLS_UNTRUSTED', message: expect.stringContaining('is not signed by the CA certificate given') });
  });

  it('names the certificate’s host when the URL uses another name', async () => {
    const error = await openLdap({ ...settings, url: dc.ldapsUrl, tlsServerName: undefined }, dc.adminPassword).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TLS_NAME_MISMATCH', message: expect.stringMatching(/is for "dc1\.litwareinc\.com", not for "127\.0\.0\.\d+"/i) });
    expect((error as Error).message).toContain('set the TLS server name or use that name in the URL');
  });

  it('says the bind DN or password is wrong, without the password', async () => {
    const wrong = `${dc.adminPassword}-wrong`;
    const result = await testLdapConnection(settings, wrong);
    expect(result).toMatchObject({ ok: false, code: 'BIND_FAILED', message: expect.stringContaining('the bind DN or password is wrong') });
    expect(JSON.stringify(result)).not.toContain(wrong);
    expect(JSON.stringify(result)).not.toContain(dc.adminPassword);
    const read = createLdapReader({ settings, bindPassword: wrong }).read({ since: null, full: true });
    await expect(read).rejects.toMatchObject({ code: 'BIND_FAILED' });
  });

  it('names host and port of an unreachable server', async () => {
    const port = await closedPort();
    const result = await testLdapConnection({ ...settings, url: `ldaps://127.0.0.1:${port}` }, dc.adminPassword);
    expect(result).toEqual({ ok: false, code: 'UNREACHABLE', message: expect.stringContaining(`Cannot reach 127.0.0.1:${port}`) });
  });

  it('says a malformed filter is malformed, and a missing base DN is missing', async () => {
    const badFilter = { ...settings, filter: '(&(objectClass=user)(msRTCSIP-UserEnabled=TRUE)' };
    const result = await testLdapConnection(badFilter, dc.adminPassword);
    expect(result).toMatchObject({ ok: false, code: 'FILTER_MALFORMED', message: expect.stringContaining('not a valid LDAP filter') });
    await expect(readAll({ full: true }, badFilter)).rejects.toMatchObject({ code: 'FILTER_MALFORMED' });

    const missing = `OU=Nowhere,${dc.baseDn}`;
    const noBase = await testLdapConnection({ ...settings, baseDns: [missing] }, dc.adminPassword);
    expect(noBase).toMatchObject({ ok: false, code: 'BASE_DN_NOT_FOUND', message: expect.stringContaining(missing) });
  });
});
