/**
 * Roles and where they come from, on the real database: direct grants and revokes, roles
 * from groups and claims replaced as a whole, and the last CsAdministrator kept by every path
 * (a revoke, a group the user left, two revokes at once). The file starts from no role holders.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { grantDirectRole, listRoleHoldings, replaceDerivedRoles, revokeDirectRole, RoleChangeError } from '../../lib/db/role-assignments';
import { findSessionAccount } from '../../lib/db/accounts';
import { admin, createUser, db } from './helpers';

const change = { actor: admin };
const rolesOf = async (userId: string) => (await findSessionAccount(db, userId))?.roles.sort();
const auditOf = (userId: string) =>
  db.auditEvent.findMany({ where: { targetId: userId }, orderBy: { id: 'asc' }, select: { action: true, outcome: true, details: true } });

beforeEach(async () => {
  await db.roleAssignment.deleteMany();
});

describe('direct grants', () => {
  it('grants once, revokes, and audits both', async () => {
    const user = await createUser();
    expect(await grantDirectRole(db, user.id, 'CsHelpDesk', change)).toBe(true);
    expect(await grantDirectRole(db, user.id, 'CsHelpDesk', change)).toBe(false);
    expect(await rolesOf(user.id)).toEqual(['CsHelpDesk']);
    await revokeDirectRole(db, user.id, 'CsHelpDesk', change);
    expect(await rolesOf(user.id)).toEqual([]);
    expect((await auditOf(user.id)).map((e) => e.action)).toEqual(['role.granted', 'role.revoked']);
  });

  it('refuses to revoke the last CsAdministrator, and allows it once there is another', async () => {
    const [first, second] = [await createUser(), await createUser()];
    await grantDirectRole(db, first.id, 'CsAdministrator', change);
    await expect(revokeDirectRole(db, first.id, 'CsAdministrator', change)).rejects.toMatchObject({ code: 'LAST_ADMINISTRATOR' });
    expect(await rolesOf(first.id)).toEqual(['CsAdministrator']);
    await grantDirectRole(db, second.id, 'CsAdministrator', change);
    await revokeDirectRole(db, first.id, 'CsAdministrator', change);
    expect(await rolesOf(first.id)).toEqual([]);
  });

  it('counts only enabled users as the other administrator', async () => {
    const [first, disabled] = [await createUser(), await createUser()];
    await grantDirectRole(db, first.id, 'CsAdministrator', change);
    await grantDirectRole(db, disabled.id, 'CsAdministrator', change);
    await db.directoryUser.update({ where: { id: disabled.id }, data: { enabled: false } });
    await expect(revokeDirectRole(db, first.id, 'CsAdministrator', change)).rejects.toBeInstanceOf(RoleChangeError);
  });

  it('lets only one of two simultaneous revokes of the last two administrators through', async () => {
    const [a, b] = [await createUser(), await createUser()];
    await grantDirectRole(db, a.id, 'CsAdministrator', change);
    await grantDirectRole(db, b.id, 'CsAdministrator', change);
    const results = await Promise.allSettled([revokeDirectRole(db, a.id, 'CsAdministrator', change), revokeDirectRole(db, b.id, 'CsAdministrator', change)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'LAST_ADMINISTRATOR' } });
    expect(await db.roleAssignment.count({ where: { role: 'CsAdministrator' } })).toBe(1);
  });

  it('says a role from a group is changed at its source, not revoked here', async () => {
    const user = await createUser();
    await replaceDerivedRoles(db, user.id, 'group', [{ role: 'CsHelpDesk', via: ['CN=CSHelpDesk,DC=x'] }], change);
    await expect(revokeDirectRole(db, user.id, 'CsHelpDesk', change)).rejects.toMatchObject({ code: 'NOT_GRANTED', message: /directory group/ });
  });
});

describe('roles from groups and claims', () => {
  it('replaces one origin as a whole and leaves the others; a role held twice is one role', async () => {
    const user = await createUser();
    await grantDirectRole(db, user.id, 'CsHelpDesk', change);
    const first = await replaceDerivedRoles(
      db,
      user.id,
      'group',
      [
        { role: 'CsHelpDesk', via: ['CN=CSHelpDesk,DC=x'] },
        { role: 'CsViewOnlyAdministrator', via: ['CN=V,DC=x'] },
      ],
      change,
    );
    expect(first).toEqual({ added: ['CsHelpDesk', 'CsViewOnlyAdministrator'], removed: [], keptLastAdministrator: false });
    expect(await rolesOf(user.id)).toEqual(['CsHelpDesk', 'CsViewOnlyAdministrator']);
    await replaceDerivedRoles(db, user.id, 'claim', [{ role: 'CsUserAdministrator', via: ['PinDesk-Admins'] }], change);
    const second = await replaceDerivedRoles(db, user.id, 'group', [], change);
    expect(second.removed.sort()).toEqual(['CsHelpDesk', 'CsViewOnlyAdministrator']);
    expect(await rolesOf(user.id)).toEqual(['CsHelpDesk', 'CsUserAdministrator']);
    const holdings = (await listRoleHoldings(db)).filter((h) => h.userId === user.id).map((h) => `${h.role}/${h.origin}/${h.via}`);
    expect(holdings.sort()).toEqual(['CsHelpDesk/direct/', 'CsUserAdministrator/claim/PinDesk-Admins']);
    // Nothing changed: nothing written.
    const before = (await auditOf(user.id)).length;
    await replaceDerivedRoles(db, user.id, 'claim', [{ role: 'CsUserAdministrator', via: ['PinDesk-Admins'] }], change);
    expect(await auditOf(user.id)).toHaveLength(before);
  });

  it('keeps CsAdministrator from a group the last administrator left, and audits the refusal', async () => {
    const user = await createUser();
    await replaceDerivedRoles(db, user.id, 'group', [{ role: 'CsAdministrator', via: ['CN=CSAdministrator,DC=x'] }], change);
    const result = await replaceDerivedRoles(db, user.id, 'group', [], change);
    expect(result).toEqual({ added: [], removed: [], keptLastAdministrator: true });
    expect(await rolesOf(user.id)).toEqual(['CsAdministrator']);
    expect((await auditOf(user.id)).at(-1)).toMatchObject({ action: 'role.revoke_refused', outcome: 'denied' });
  });
});
