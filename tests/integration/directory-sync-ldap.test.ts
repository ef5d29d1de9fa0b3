/**
 * The directory sync end to end against a real Samba AD DC (tests/support/samba-dc.ts),
 * through the Directory page's use cases (lib/directory/directory-service.ts): an LDAPS source
 * with the DC's CA, Preview sync, a full sync of more users than one page, a PIN that keeps
 * working through a rename and an OU move, the disabled bit, deletion → removed →
 * deprovisioned after the grace period (injected clock), an incremental sync that reads only
 * the changed users, and the clear messages of a wrong password, an unreachable server and a
 * malformed filter, none of which changes a user. The steps build on each other, in order.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRun, listRuns, previewSync, saveLdapSource, startSync, testConnection, type DirectoryDeps } from '../../lib/directory/directory-service';
import { setPin, verifyPinLogon } from '../../lib/pin';
import { createArgon2Hasher } from '../../lib/pin/hasher';
import { startSambaDc, type SambaDc, type TestUser } from '../support/samba-dc';
import { admin, db, handle, manualClock, pepper, store } from './helpers';
import { closedPort } from '../support/closed-port';

const HOUR = 3_600_000;
const FINANCE = 110;
const SALES = 10;
const PIN = '730914';

const clock = manualClock(Date.UTC(2026, 11, 7, 9, 0, 0));
const deps: DirectoryDeps = { handle, clock };
const pinDeps = { store, hasher: createArgon2Hasher(pepper), clock };
const bridge = { type: 'bridge' as const, id: 'b-ldap-sync', name: 'LDAP sync test bridge' };
const who = { actor: admin };
// Short, unique names: sAMAccountName is at most 20 characters, and the integration database is shared.
const run = `s${randomUUID().slice(0, 5)}`;

let dc: SambaDc;
let runOu: string;
let financeOu: string;
let salesOu: string;
let financeDns: string[];
let sourceId: string;
let settings: Record<string, unknown>;

const users = (prefix: string, count: number, department: string): TestUser[] =>
  Array.from({ length: count }, (_, i) => ({
    sam: `${run}${prefix}${String(i).padStart(3, '0')}`,
    displayName: `${department} Person ${run} ${i}`,
    givenName: department,
    sn: `Person ${i}`,
    line: `tel:+1425${String(5_000_000 + i + (prefix === 'f' ? 0 : 500)).padStart(7, '0')};ext=${(prefix === 'f' ? 1000 : 1500) + i}`,
    attributes: { department, title: 'Clerk' },
  }));

const usersOfSource = () => db.directoryUser.findMany({ where: { sourceId }, orderBy: { samAccountName: 'asc' } });
const userBySam = (sam: string) => db.directoryUser.findFirst({ where: { sourceId, samAccountName: sam } });
const logon = (identity: string) => verifyPinLogon(pinDeps, { identity, pin: PIN, actor: bridge });

/** Starts a sync through the use case and waits for it, as the Directory page's progress bar would. */
async function syncNow(options: { full?: boolean } = {}) {
  const { runId, done } = await startSync(deps, sourceId, who, options);
  const result = await done;
  expect(result.runId).toBe(runId);
  return result;
}

/** A snapshot of what a failed sync must leave as it was. */
const snapshot = async () =>
  (await usersOfSource()).map((u) => ({ id: u.id, dn: u.distinguishedName, enabled: u.enabled, removedAt: u.removedAt, title: u.title }));

beforeAll(async () => {
  dc = await startSambaDc();
  runOu = await dc.addOu(run);
  financeOu = await dc.addOu('Finance', runOu);
  salesOu = await dc.addOu('Sales', runOu);
  financeDns = await dc.addUsers(financeOu, users('f', FINANCE, 'Finance'));
  await dc.addUsers(salesOu, users('s', SALES, 'Sales'));
  settings = {
    url: dc.ldapsUrl,
    caPem: dc.caPem,
    tlsServerName: dc.tlsServerName,
    bindDn: dc.adminUpn,
    baseDns: [runOu],
    pageSize: 50,
    timeoutMs: 10_000,
  };
  const saved = await saveLdapSource(deps, { name: `AD ${run}`, settings, bindPassword: dc.adminPassword, syncIntervalMinutes: 0, removalGraceHours: 24 });
  if (!saved.ok) throw new Error(`saveLdapSource refused the DC's settings: ${JSON.stringify(saved.problems)}`);
  sourceId = saved.id;
});

afterAll(async () => {
  await dc?.stop();
});

describe('a sync against a Samba AD DC', () => {
  it('tests the connection over LDAPS with the DC’s CA', async () => {
    const result = await testConnection(deps, { sourceId });
    expect(result).toMatchObject({ ok: true, details: { tls: 'LDAPS' } });
  });

  it('previews a sync of more users than one page: counts, and nothing written', async () => {
    const auditBefore = await db.auditEvent.count();
    const preview = await previewSync(deps, sourceId, who);
    expect(preview).toMatchObject({
      runId: null,
      status: 'previewed',
      kind: 'full',
      counts: { read: FINANCE + SALES, created: FINANCE + SALES, changed: 0, removed: 0, skipped: 0 },
    });
    expect(await usersOfSource()).toHaveLength(0);
    expect(await listRuns(deps, { sourceId, limit: 10 })).toHaveLength(0);
    expect(await db.auditEvent.count()).toBe(auditBefore);
  });

  it('creates every user in a full sync, with search keys, OU and the NetBIOS domain', async () => {
    const result = await syncNow();
    expect(result).toMatchObject({ status: 'succeeded', kind: 'full', counts: { read: FINANCE + SALES, created: FINANCE + SALES, skipped: 0 } });
    expect(await getRun(deps, result.runId!)).toMatchObject({ status: 'succeeded', kind: 'full', read: FINANCE + SALES, created: FINANCE + SALES });
    const all = await usersOfSource();
    expect(all).toHaveLength(FINANCE + SALES);
    const sam = `${run}f007`;
    expect(await userBySam(sam)).toMatchObject({
      externalId: await dc.guidOf(financeDns[7]),
      displayName: `Finance Person ${run} 7`,
      displayNameKey: `finance person ${run} 7`,
      samAccountNameKey: sam,
      domain: 'litwareinc',
      upn: `${sam}@litwareinc.com`,
      upnKey: `${sam}@litwareinc.com`,
      sipAddress: `sip:${sam}@litwareinc.com`,
      lineUri: 'tel:+14255000007;ext=1007',
      extension: '1007',
      department: 'Finance',
      departmentKey: 'finance',
      ouDn: financeOu,
      ouPath: `litwareinc.com/${run}/Finance/`,
      enabled: true,
      removedAt: null,
    });
    // The NetBIOS domain is the default one taken from the base DN, as `LITWAREINC\name` signs in.
    expect(all.every((u) => u.domain === 'litwareinc' && u.domainKey === 'litwareinc')).toBe(true);
  });

  it('lets a Finance user’s PIN log on by SIP address', async () => {
    const user = (await userBySam(`${run}f000`))!;
    await setPin(pinDeps, { user: { userId: user.id }, pin: PIN, actor: admin });
    expect(await logon(user.sipAddress)).toMatchObject({ result: 'accepted' });
  });

  it('keeps the user, and the PIN, through a rename and an OU move in AD', async () => {
    const before = (await userBySam(`${run}f000`))!;
    const renamed = await dc.rename(financeDns[0], `Renamed ${run}`);
    const moved = await dc.move(renamed, salesOu);
    await dc.setAttributes(moved, { displayName: `Renamed Person ${run}`, department: 'Sales' });
    financeDns[0] = moved;

    const result = await syncNow();
    expect(result).toMatchObject({ status: 'succeeded', kind: 'incremental', counts: { read: 1, changed: 1, created: 0 } });
    const after = (await userBySam(`${run}f000`))!;
    expect(after).toMatchObject({
      id: before.id,
      distinguishedName: moved,
      displayName: `Renamed Person ${run}`,
      ouPath: `litwareinc.com/${run}/Sales/`,
      department: 'Sales',
    });
    expect(await logon(after.sipAddress)).toMatchObject({ result: 'accepted' });
  });

  it('disables a user AD disables: the logon is refused and the PIN kept', async () => {
    const user = (await userBySam(`${run}f000`))!;
    await dc.disableUser(financeDns[0]);
    const result = await syncNow();
    expect(result).toMatchObject({ status: 'succeeded', kind: 'incremental', counts: { read: 1, disabled: 1 } });
    expect(await userBySam(`${run}f000`)).toMatchObject({ id: user.id, enabled: false, removedAt: null });
    expect(await db.pinState.findUnique({ where: { userId: user.id }, select: { pinHash: true } })).toMatchObject({ pinHash: expect.any(String) });
    expect(await logon(user.sipAddress)).toMatchObject({ result: 'rejected' });
  });

  it('marks a user deleted in AD as removed, and deprovisions it once the grace period is over', async () => {
    const user = (await userBySam(`${run}f000`))!;
    await dc.enableUser(financeDns[0]);
    expect((await syncNow()).counts).toMatchObject({ read: 1, changed: 1 });
    expect(await logon(user.sipAddress)).toMatchObject({ result: 'accepted' });

    await dc.remove(financeDns[0]);
    const removal = await syncNow();
    expect(removal).toMatchObject({ status: 'succeeded', kind: 'incremental', counts: { read: 0, removed: 1, deprovisioned: 0 } });
    expect(await userBySam(`${run}f000`)).toMatchObject({ id: user.id, enabled: false, removedAt: BigInt(clock.now()) });
    expect(await logon(user.sipAddress)).toMatchObject({ result: 'rejected' });
    expect(await db.pinState.findUnique({ where: { userId: user.id } })).not.toBeNull();

    clock.advance(23 * HOUR);
    expect((await syncNow()).counts).toMatchObject({ deprovisioned: 0 });
    expect(await db.directoryUser.findUnique({ where: { id: user.id } })).not.toBeNull();

    clock.advance(HOUR + 1);
    const expiry = await syncNow();
    expect(expiry).toMatchObject({ status: 'succeeded', kind: 'incremental', counts: { read: 0, deprovisioned: 1 } });
    expect(await db.directoryUser.findUnique({ where: { id: user.id } })).toBeNull();
    expect(await db.pinState.findUnique({ where: { userId: user.id } })).toBeNull();
    expect(await db.pinHistory.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: 'directory_user.deprovisioned', targetId: user.id } })).toBe(1);
    expect(await usersOfSource()).toHaveLength(FINANCE + SALES - 1);
  });

  it('reads only the three users changed in AD in the next incremental sync', async () => {
    const changed = financeDns.slice(10, 13);
    await dc.modify(changed.map((dn) => ({ dn, set: { title: 'Controller' } })));
    const result = await syncNow();
    expect(result).toMatchObject({ status: 'succeeded', kind: 'incremental', counts: { read: 3, changed: 3, created: 0, removed: 0 } });
    expect(await getRun(deps, result.runId!)).toMatchObject({ kind: 'incremental', read: 3, changed: 3 });
    const titled = (await usersOfSource()).filter((u) => u.title === 'Controller').map((u) => u.samAccountName);
    expect(titled).toEqual([`${run}f010`, `${run}f011`, `${run}f012`]);
  });
});

describe('a sync that cannot read the directory', () => {
  it('says the bind DN or password is wrong, without the password, and changes nothing', async () => {
    const before = await snapshot();
    const wrong = `${dc.adminPassword}-wrong`;
    const saved = await saveLdapSource(deps, { id: sourceId, name: `AD ${run}`, settings, bindPassword: wrong, syncIntervalMinutes: 0, removalGraceHours: 24 });
    expect(saved).toEqual({ ok: true, id: sourceId });
    // Users gone from AD would be removed by a full read that lists nobody: the failed run must not.
    clock.advance(48 * HOUR);
    const result = await syncNow();
    expect(result).toMatchObject({ status: 'failed', message: expect.stringContaining('the bind DN or password is wrong') });
    expect(await getRun(deps, result.runId!)).toMatchObject({ status: 'failed', message: result.message });
    expect(JSON.stringify(await getRun(deps, result.runId!))).not.toContain(dc.adminPassword);
    expect(await snapshot()).toEqual(before);
  });

  it('names host and port of an unreachable server, and changes nothing', async () => {
    const before = await snapshot();
    const port = await closedPort();
    const unreachable = { ...settings, url: `ldaps://127.0.0.1:${port}` };
    expect(
      await saveLdapSource(deps, {
        id: sourceId,
        name: `AD ${run}`,
        settings: unreachable,
        bindPassword: dc.adminPassword,
        syncIntervalMinutes: 0,
        removalGraceHours: 24,
      }),
    ).toEqual({ ok: true, id: sourceId });
    const result = await syncNow();
    expect(result).toMatchObject({ status: 'failed', message: expect.stringContaining(`Cannot reach 127.0.0.1:${port}`) });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a malformed filter with what is wrong, whether typed or stored, and changes nothing', async () => {
    const before = await snapshot();
    const badFilter = { ...settings, filter: '(&(objectClass=user)(msRTCSIP-UserEnabled=TRUE)' };
    const saved = await saveLdapSource(deps, { id: sourceId, name: `AD ${run}`, settings: badFilter, syncIntervalMinutes: 0, removalGraceHours: 24 });
    expect(saved).toMatchObject({ ok: false, problems: [{ field: 'settings.filter', message: expect.stringContaining('is not a valid LDAP filter') }] });
    // A filter stored without the page's check (an older version, a hand edit) stops the sync before it reads.
    await db.directorySource.update({ where: { id: sourceId }, data: { settings: JSON.stringify(badFilter) } });
    const error = await startSync(deps, sourceId, who).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SETTINGS_INVALID', message: expect.stringContaining('is not a valid LDAP filter') });
    expect(await snapshot()).toEqual(before);
  });

  it('syncs again once the settings are right, and the users are all there', async () => {
    const saved = await saveLdapSource(deps, {
      id: sourceId,
      name: `AD ${run}`,
      settings,
      bindPassword: dc.adminPassword,
      syncIntervalMinutes: 0,
      removalGraceHours: 24,
    });
    expect(saved).toEqual({ ok: true, id: sourceId });
    const result = await syncNow();
    // Saved settings start with a full read; nothing changed in AD since the last good run.
    expect(result).toMatchObject({ status: 'succeeded', kind: 'full', counts: { read: FINANCE + SALES - 1, unchanged: FINANCE + SALES - 1, removed: 0 } });
    expect((await usersOfSource()).every((u) => u.removedAt === null)).toBe(true);
  });
});
