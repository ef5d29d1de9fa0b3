/**
 * Roles from Active Directory groups and directory password sign-in, against a real Samba AD
 * DC (tests/support/samba-dc.ts): a sync gives the role of each mapped group to its members,
 * nested groups included, wherever the groups live in the domain; a membership removed in AD
 * is gone after the next (incremental) sync; a user signs in with their AD password by a bind
 * over LDAPS, and that sign-in reads their groups at once. The steps build on each other.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectoryBind } from '../../lib/auth/directory-bind';
import { roleMappingFromEnv } from '../../lib/auth/role-mapping';
import { authenticate } from '../../lib/auth/sign-in';
import { findSessionAccount } from '../../lib/db/accounts';
import { saveLdapSource, startSync, type DirectoryDeps } from '../../lib/directory/directory-service';
import { createArgon2Hasher } from '../../lib/pin/hasher';
import { startSambaDc, type SambaDc } from '../support/samba-dc';
import { admin, db, handle, manualClock, pepper, store } from './helpers';

const clock = manualClock(Date.UTC(2026, 11, 7, 9, 0, 0));
const deps: DirectoryDeps = { handle, clock };
const run = `r${randomUUID().slice(0, 5)}`;
const PASSWORD = 'Dial-in-Passw0rd!';
const mapping = roleMappingFromEnv({});
const signInDeps = () => ({
  handle,
  store,
  maskTyped: createArgon2Hasher(pepper).maskTyped,
  directoryBind: createDirectoryBind(handle, () => mapping),
  localAccounts: true,
});
const signIn = (email: string, password: string) => authenticate(signInDeps(), { email, password, sourceAddress: '192.0.2.77', userAgent: 'vitest' });

let dc: SambaDc;
let sourceId: string;
let dns: Record<'alice' | 'bob' | 'carol', string>;
let groups: Record<'helpDesk' | 'userAdmins' | 'tier2', string>;

const userId = async (who: keyof typeof dns) => (await db.directoryUser.findFirstOrThrow({ where: { sourceId, samAccountName: `${run}${who}` } })).id;
const rolesOf = async (who: keyof typeof dns) => (await findSessionAccount(db, await userId(who)))?.roles.sort();
async function syncNow() {
  const { done } = await startSync(deps, sourceId, { actor: admin });
  const result = await done;
  expect(result).toMatchObject({ status: 'succeeded' });
  return result;
}

beforeAll(async () => {
  dc = await startSambaDc();
  const usersOu = await dc.addOu(run);
  // Groups outside the source's base DN: PinDesk looks for them in the whole domain.
  const groupsOu = await dc.addOu(`${run}Groups`);
  const [alice, bob, carol] = await dc.addUsers(usersOu, [{ sam: `${run}alice` }, { sam: `${run}bob` }, { sam: `${run}carol` }]);
  dns = { alice, bob, carol };
  const tier2 = await dc.addGroup(`${run} Tier 2`, groupsOu, [bob]);
  groups = {
    helpDesk: await dc.addGroup('CSHelpDesk', groupsOu, [alice]),
    // Nested: bob is in Tier 2, which is in CSUserAdministrator.
    userAdmins: await dc.addGroup('CSUserAdministrator', groupsOu, [tier2]),
    tier2,
  };
  for (const dn of [alice, bob, carol]) await dc.setPassword(dn, PASSWORD);
  const saved = await saveLdapSource(deps, {
    name: `AD roles ${run}`,
    settings: { url: dc.ldapsUrl, caPem: dc.caPem, tlsServerName: dc.tlsServerName, bindDn: dc.adminUpn, baseDns: [usersOu], timeoutMs: 10_000 },
    bindPassword: dc.adminPassword,
    syncIntervalMinutes: 0,
    removalGraceHours: 24,
  });
  if (!saved.ok) throw new Error(JSON.stringify(saved.problems));
  sourceId = saved.id;
});

afterAll(async () => {
  await dc?.stop();
});

describe('roles from Active Directory groups', () => {
  it('gives each mapped group’s role to its members at a sync, nested groups included', async () => {
    await syncNow();
    expect(await rolesOf('alice')).toEqual(['CsHelpDesk']);
    expect(await rolesOf('bob')).toEqual(['CsUserAdministrator']);
    expect(await rolesOf('carol')).toEqual([]);
    const bobsRole = await db.roleAssignment.findFirstOrThrow({ where: { userId: await userId('bob') } });
    expect(bobsRole).toMatchObject({ origin: 'group', via: groups.userAdmins });
  });

  it('takes the role away at the next sync once the membership is removed in AD, and audits it', async () => {
    await dc.setMembers(groups.tier2, []);
    const result = await syncNow();
    expect(result.kind).toBe('incremental');
    expect(await rolesOf('bob')).toEqual([]);
    const event = await db.auditEvent.findFirstOrThrow({ where: { targetId: await userId('bob'), action: 'role.derived_changed' }, orderBy: { id: 'desc' } });
    expect(JSON.parse(event.details ?? '{}')).toMatchObject({ origin: 'group', removed: ['CsUserAdministrator'] });
  });
});

describe('directory password sign-in', () => {
  it('signs in with the AD password by a bind, by UPN and by domain\\logon', async () => {
    expect(await signIn(`${run}carol@litwareinc.com`, PASSWORD)).toMatchObject({ ok: true, user: { id: await userId('carol') } });
    expect(await signIn(`litwareinc\\${run}carol`, PASSWORD)).toMatchObject({ ok: true });
  });

  it('refuses a wrong password with the generic answer, audited as such, and no session user', async () => {
    expect(await signIn(`${run}carol@litwareinc.com`, 'Not-the-passw0rd')).toEqual({ ok: false, reason: 'invalid' });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'auth.sign_in_failed', targetId: await userId('carol') }, orderBy: { id: 'desc' } });
    expect(JSON.parse(event.details ?? '{}')).toEqual({ reason: 'wrong-password' });
    expect(event.details).not.toContain('Not-the-passw0rd');
  });

  it('reads the user’s groups at sign-in: a group joined in AD gives its role without a sync', async () => {
    await dc.setMembers(groups.helpDesk, [dns.alice, dns.carol]);
    expect(await rolesOf('carol')).toEqual([]);
    expect(await signIn(`${run}carol@litwareinc.com`, PASSWORD)).toMatchObject({ ok: true });
    expect(await rolesOf('carol')).toEqual(['CsHelpDesk']);
  });

  it('refuses a user disabled in AD once a sync has seen it, without asking the directory', async () => {
    await dc.disableUser(dns.alice);
    await syncNow();
    expect(await signIn(`${run}alice@litwareinc.com`, PASSWORD)).toEqual({ ok: false, reason: 'invalid' });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'auth.sign_in_failed', targetId: await userId('alice') }, orderBy: { id: 'desc' } });
    expect(JSON.parse(event.details ?? '{}')).toEqual({ reason: 'account-disabled' });
  });

  it('refuses, audited as the directory being unavailable, when the DC cannot be reached', async () => {
    await db.directorySource.update({
      where: { id: sourceId },
      data: {
        settings: JSON.stringify({
          ...JSON.parse((await db.directorySource.findUniqueOrThrow({ where: { id: sourceId } })).settings),
          url: 'ldaps://127.0.0.1:1',
        }),
      },
    });
    expect(await signIn(`${run}bob@litwareinc.com`, PASSWORD)).toEqual({ ok: false, reason: 'invalid' });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'auth.sign_in_failed', targetId: await userId('bob') }, orderBy: { id: 'desc' } });
    expect(JSON.parse(event.details ?? '{}')).toEqual({ reason: 'directory-unavailable' });
  });
});
