/**
 * The Samba AD DC the directory tests run against (tests/support/samba-dc.ts): it answers
 * LDAPS and StartTLS with its own CA under its own name, refuses a client that trusts
 * another CA, carries the msRTCSIP-* schema extension, and keeps a user's objectGUID through
 * a rename and an OU move (the key a sync relies on). Needs Samba (`.ci/run` installs it).
 */
import { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guidFromBytes } from '@/lib/directory/entry';
import { startSambaDc, type SambaDc } from '../support/samba-dc';

let dc: SambaDc;
const clients: Client[] = [];

beforeAll(async () => {
  dc = await startSambaDc();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.unbind().catch(() => undefined)));
  await dc?.stop();
});

/**
 * An ldapts client that trusts `ca`. TLS options go to the constructor only for ldaps://:
 * given for an ldap:// URL, ldapts opens TLS on the plain port, which the DC resets.
 */
function client(url: string, ca: string): Client {
  const tlsOptions = url.startsWith('ldaps:') ? { tlsOptions: { ca: [ca], servername: dc.tlsServerName } } : {};
  const c = new Client({ url, timeout: 10_000, connectTimeout: 10_000, ...tlsOptions });
  clients.push(c);
  return c;
}

async function findUser(c: Client, sam: string) {
  const { searchEntries } = await c.search(dc.baseDn, {
    scope: 'sub',
    filter: `(&(objectClass=user)(sAMAccountName=${sam}))`,
    attributes: ['objectGUID', 'distinguishedName', 'msRTCSIP-PrimaryUserAddress', 'msRTCSIP-Line', 'msRTCSIP-UserEnabled', 'userAccountControl'],
    explicitBufferAttributes: ['objectGUID'],
  });
  return searchEntries;
}

describe('the Samba AD DC test harness', () => {
  it('serves LDAPS with its own CA, and msRTCSIP-* attributes on users', async () => {
    const finance = await dc.addOu('Finance');
    await dc.addUsers(finance, [{ sam: 'kenmyer', displayName: 'Ken Myer', line: 'tel:+14255550100;ext=100' }]);
    const c = client(dc.ldapsUrl, dc.caPem);
    await c.bind(dc.adminUpn, dc.adminPassword);
    const [entry] = await findUser(c, 'kenmyer');
    expect(entry['msRTCSIP-PrimaryUserAddress']).toBe('sip:kenmyer@litwareinc.com');
    expect(entry['msRTCSIP-Line']).toBe('tel:+14255550100;ext=100');
    expect(entry['msRTCSIP-UserEnabled']).toBe('TRUE');
    expect(guidFromBytes(entry.objectGUID as Buffer)).toBe(await dc.guidOf(String(entry.dn)));
  });

  it('answers StartTLS on the plain port', async () => {
    const c = client(dc.startTlsUrl, dc.caPem);
    await c.startTLS({ ca: [dc.caPem], servername: dc.tlsServerName });
    await c.bind(dc.adminUpn, dc.adminPassword);
    expect(await findUser(c, 'kenmyer')).toHaveLength(1);
  });

  it('is refused by a client that trusts another CA', async () => {
    const otherCa = (await startSelfSignedCa()).trim();
    const c = client(dc.ldapsUrl, otherCa);
    await expect(c.bind(dc.adminUpn, dc.adminPassword)).rejects.toThrow(/certificate/i);
  });

  it('keeps the objectGUID through a rename and an OU move, and sets the disabled bit', async () => {
    const c = client(dc.ldapsUrl, dc.caPem);
    await c.bind(dc.adminUpn, dc.adminPassword);
    const [before] = await findUser(c, 'kenmyer');
    const guid = guidFromBytes(before.objectGUID as Buffer);
    const renamed = await dc.rename(String(before.dn), 'Ken Myer');
    const sales = await dc.addOu('Sales');
    const moved = await dc.move(renamed, sales);
    await dc.disableUser(moved);
    const [after] = await findUser(c, 'kenmyer');
    expect(String(after.dn).toLowerCase()).toBe(moved.toLowerCase());
    expect(guidFromBytes(after.objectGUID as Buffer)).toBe(guid);
    expect(Number(after.userAccountControl) & 2).toBe(2);
  });
});

/** A CA certificate the DC's certificate is not signed by: the one of a second throwaway DC would cost seconds, openssl costs milliseconds. */
async function startSelfSignedCa(): Promise<string> {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
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
