/**
 * Who holds which role, and where it comes from: a direct grant (the Administrators page, the
 * CLI, the API), a directory group (replaced by every sync and directory sign-in) or an OIDC
 * claim (replaced by every OIDC sign-in). A user holds a role while any origin gives it.
 *
 * Every change takes the audit chain's head lock first, so changes are serialized and the
 * "last CsAdministrator" count cannot be raced by two revokes at once; the change and its
 * audit row commit together.
 */
import type { DerivedRole } from '../auth/role-mapping';
import type { Role } from '../auth/permissions';
import type { AuditEventInput, Actor, RequestContext } from '../pin/types';
import { appendChainedInPrisma, lockChainHeadInPrisma } from './audit-writer';
import type { Db, DbTx } from './client';

export type RoleOrigin = 'direct' | 'group' | 'claim';
export type DerivedOrigin = Exclude<RoleOrigin, 'direct'>;

export type RoleHolding = {
  userId: string;
  displayName: string;
  upn: string;
  sipAddress: string;
  enabled: boolean;
  role: Role;
  origin: RoleOrigin;
  via: string;
  since: Date;
};

export type RoleChange = { actor: Actor | { type: 'anonymous'; name: string }; context?: RequestContext };

/** A change that would leave no enabled CsAdministrator, or of a user that does not exist. */
export class RoleChangeError extends Error {
  constructor(
    readonly code: 'LAST_ADMINISTRATOR' | 'USER_NOT_FOUND' | 'NOT_GRANTED',
    message: string,
  ) {
    super(message);
    this.name = 'RoleChangeError';
  }
}

/** Why a direct grant cannot be revoked: there is none, or the role comes from a group or claim (`origins`). */
export function notGrantedMessage(displayName: string, role: Role, origins: readonly RoleOrigin[]): string {
  if (origins.length === 0) return `${displayName} does not hold ${role}.`;
  const source = origins.includes('group') ? 'a directory group' : 'a sign-in claim';
  return `${displayName} holds ${role} through ${source}, not a direct grant: remove them from the group at its source.`;
}

export const LAST_ADMINISTRATOR_MESSAGE =
  'This is the last CsAdministrator: PinDesk always keeps one, or nobody could manage it. Grant CsAdministrator to someone else first.';

const MAX_LISTED = 5000;

/** Every role holding, by role then name (the Administrators page; bounded). */
export async function listRoleHoldings(db: Db): Promise<RoleHolding[]> {
  const rows = await db.roleAssignment.findMany({
    select: {
      role: true,
      origin: true,
      via: true,
      createdAt: true,
      user: { select: { id: true, displayName: true, upn: true, sipAddress: true, enabled: true } },
    },
    orderBy: [{ role: 'asc' }, { user: { displayNameKey: 'asc' } }, { origin: 'asc' }],
    take: MAX_LISTED,
  });
  return rows.map((row) => ({
    userId: row.user.id,
    displayName: row.user.displayName,
    upn: row.user.upn,
    sipAddress: row.user.sipAddress,
    enabled: row.user.enabled,
    role: row.role as Role,
    origin: row.origin as RoleOrigin,
    via: row.via,
    since: row.createdAt,
  }));
}

/** Enabled users who hold CsAdministrator by any origin, other than `exceptUserId` if given. */
async function otherAdministrators(tx: DbTx, exceptUserId: string): Promise<number> {
  const rows = await tx.roleAssignment.findMany({
    where: { role: 'CsAdministrator', userId: { not: exceptUserId }, user: { enabled: true } },
    select: { userId: true },
    distinct: ['userId'],
    take: 1,
  });
  return rows.length;
}

type UserName = { id: string; displayName: string };

async function userOrThrow(tx: DbTx, userId: string): Promise<UserName> {
  const user = await tx.directoryUser.findUnique({ where: { id: userId }, select: { id: true, displayName: true } });
  if (!user) throw new RoleChangeError('USER_NOT_FOUND', 'That user no longer exists in PinDesk; search again.');
  return user;
}

function roleEvent(user: UserName, action: string, change: RoleChange, details: Record<string, unknown>, at = Date.now()): AuditEventInput {
  return {
    at,
    actor: change.actor,
    action,
    target: { type: 'user', id: user.id, name: user.displayName },
    context: change.context,
    outcome: 'success',
    details,
  };
}

/** Grants `role` directly; false when the user already held that direct grant (nothing written). */
export async function grantDirectRole(db: Db, userId: string, role: Role, change: RoleChange): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await lockChainHeadInPrisma(tx);
    const user = await userOrThrow(tx, userId);
    const existing = await tx.roleAssignment.findUnique({ where: { userId_role_origin: { userId, role, origin: 'direct' } }, select: { role: true } });
    if (existing) return false;
    await tx.roleAssignment.create({ data: { userId, role, origin: 'direct' } });
    await appendChainedInPrisma(tx, [roleEvent(user, 'role.granted', change, { role })]);
    return true;
  });
}

/**
 * Revokes a direct grant. Refused with LAST_ADMINISTRATOR when it is the last way any enabled
 * user holds CsAdministrator; NOT_GRANTED when there is no direct grant (a role from a group
 * or claim is changed in the directory or identity provider, not here).
 */
export async function revokeDirectRole(db: Db, userId: string, role: Role, change: RoleChange): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockChainHeadInPrisma(tx);
    const user = await userOrThrow(tx, userId);
    const held = await tx.roleAssignment.findMany({ where: { userId, role }, select: { origin: true } });
    if (!held.some((row) => row.origin === 'direct'))
      throw new RoleChangeError(
        'NOT_GRANTED',
        notGrantedMessage(
          user.displayName,
          role,
          held.map((row) => row.origin as RoleOrigin),
        ),
      );
    const keepsRoleOtherwise = held.length > 1;
    if (role === 'CsAdministrator' && !keepsRoleOtherwise && (await otherAdministrators(tx, userId)) === 0) {
      throw new RoleChangeError('LAST_ADMINISTRATOR', LAST_ADMINISTRATOR_MESSAGE);
    }
    await tx.roleAssignment.delete({ where: { userId_role_origin: { userId, role, origin: 'direct' } } });
    await appendChainedInPrisma(tx, [roleEvent(user, 'role.revoked', change, { role })]);
  });
}

export type DerivedRolesResult = { added: Role[]; removed: Role[]; keptLastAdministrator: boolean };

/**
 * Makes the user's roles of one origin exactly `derived` (a sync or sign-in saw these groups or
 * claims), audited as one event when anything changed. A removal that would leave no enabled
 * CsAdministrator is not made (keptLastAdministrator) and audited as refused.
 */
export async function replaceDerivedRoles(
  db: Db,
  userId: string,
  origin: DerivedOrigin,
  derived: readonly DerivedRole[],
  change: RoleChange,
): Promise<DerivedRolesResult> {
  return db.$transaction((tx) => replaceDerivedRolesIn(tx, userId, origin, derived, change));
}

export async function replaceDerivedRolesIn(
  tx: DbTx,
  userId: string,
  origin: DerivedOrigin,
  derived: readonly DerivedRole[],
  change: RoleChange,
): Promise<DerivedRolesResult> {
  const current = await tx.roleAssignment.findMany({ where: { userId, origin }, select: { role: true, via: true } });
  const wanted = new Map(derived.map((d) => [d.role, d.via.join('; ')]));
  const have = new Map(current.map((row) => [row.role as Role, row.via]));
  const added = [...wanted.keys()].filter((role) => !have.has(role));
  let removed = [...have.keys()].filter((role) => !wanted.has(role));
  const viaChanged = [...wanted].filter(([role, via]) => have.has(role) && have.get(role) !== via);
  if (added.length === 0 && removed.length === 0 && viaChanged.length === 0) return { added, removed, keptLastAdministrator: false };

  await lockChainHeadInPrisma(tx);
  const user = await userOrThrow(tx, userId);
  let keptLastAdministrator = false;
  if (removed.includes('CsAdministrator')) {
    const otherOrigins = await tx.roleAssignment.count({ where: { userId, role: 'CsAdministrator', origin: { not: origin } } });
    if (otherOrigins === 0 && (await otherAdministrators(tx, userId)) === 0) {
      keptLastAdministrator = true;
      removed = removed.filter((role) => role !== 'CsAdministrator');
    }
  }
  if (removed.length > 0) await tx.roleAssignment.deleteMany({ where: { userId, origin, role: { in: removed } } });
  if (added.length > 0) await tx.roleAssignment.createMany({ data: added.map((role) => ({ userId, role, origin, via: wanted.get(role)! })) });
  for (const [role, via] of viaChanged) await tx.roleAssignment.update({ where: { userId_role_origin: { userId, role, origin } }, data: { via } });

  const events: AuditEventInput[] = [];
  if (added.length > 0 || removed.length > 0) {
    events.push(
      roleEvent(user, 'role.derived_changed', change, { origin, added, removed, via: Object.fromEntries(added.map((role) => [role, wanted.get(role)])) }),
    );
  }
  if (keptLastAdministrator) {
    events.push({ ...roleEvent(user, 'role.revoke_refused', change, { role: 'CsAdministrator', origin, reason: 'last-administrator' }), outcome: 'denied' });
  }
  await appendChainedInPrisma(tx, events);
  return { added, removed, keptLastAdministrator };
}

/**
 * A source's users whose group roles a sync must look at: those holding one now and those the
 * directory's groups name (by entry key), not yet removed from the source.
 */
export async function usersForGroupRoles(db: Db, sourceId: string, externalIds: readonly string[]): Promise<{ id: string; externalId: string }[]> {
  const found = new Map<string, string>();
  const holders = await db.directoryUser.findMany({
    where: { sourceId, removedAt: null, externalId: { not: null }, roles: { some: { origin: 'group' } } },
    select: { id: true, externalId: true },
  });
  for (const user of holders) found.set(user.id, user.externalId!);
  for (let i = 0; i < externalIds.length; i += 500) {
    const named = await db.directoryUser.findMany({
      where: { sourceId, removedAt: null, externalId: { in: externalIds.slice(i, i + 500) } },
      select: { id: true, externalId: true },
    });
    for (const user of named) found.set(user.id, user.externalId!);
  }
  return [...found].map(([id, externalId]) => ({ id, externalId }));
}
