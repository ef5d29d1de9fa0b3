/**
 * Administrators and their roles, for the Administrators page, the CLI (Grant-PinDeskRole,
 * Revoke-PinDeskRole, New-PinDeskLocalAccount) and the REST API: who holds which role and where
 * it comes from, direct grants and revokes (never the last CsAdministrator), and the first
 * break-glass administrator. Users are named as everywhere else (lib/pin/identity.ts).
 */
import { hashPassword } from '../auth/password';
import { isRole, roles, type Role } from '../auth/permissions';
import type { DbHandle } from '../db/client';
import { createLocalAccount, LocalAccountExistsError } from '../db/local-accounts';
import { grantDirectRole, listRoleHoldings, revokeDirectRole, RoleChangeError, type RoleChange, type RoleOrigin } from '../db/role-assignments';
import { loadUser, type UserRef } from '../pin/use-cases/load-user';
import type { PinStoreReader } from '../pin/store';

export { LocalAccountExistsError, RoleChangeError, type RoleChange, type RoleOrigin };

export type RolesDeps = { handle: DbHandle; store: PinStoreReader };

export type RoleSourceView = { origin: RoleOrigin; via: string; since: Date };
export type RoleHolderView = {
  userId: string;
  displayName: string;
  upn: string;
  sipAddress: string;
  enabled: boolean;
  roles: { role: Role; sources: RoleSourceView[] }[];
};

export class RoleInputError extends Error {
  constructor(
    message: string,
    readonly field: 'role' | 'identity' | 'email' | 'password' | 'displayName',
  ) {
    super(message);
    this.name = 'RoleInputError';
  }
}

/** "cshelpdesk" → "CsHelpDesk"; anything else → RoleInputError listing the roles. */
export function parseRole(text: unknown): Role {
  const wanted = typeof text === 'string' ? text.trim().toLowerCase() : '';
  const role = roles.find((r) => r.toLowerCase() === wanted);
  if (!role || !isRole(role)) throw new RoleInputError(`"${String(text ?? '').slice(0, 40)}" is not a role; use one of ${roles.join(', ')}.`, 'role');
  return role;
}

/** Role holders, one entry per user, roles in the order of `roles`, each with where it comes from. */
export async function listRoleHolders(deps: RolesDeps): Promise<RoleHolderView[]> {
  const byUser = new Map<string, RoleHolderView>();
  for (const holding of await listRoleHoldings(deps.handle.db)) {
    let view = byUser.get(holding.userId);
    if (!view) {
      view = {
        userId: holding.userId,
        displayName: holding.displayName,
        upn: holding.upn,
        sipAddress: holding.sipAddress,
        enabled: holding.enabled,
        roles: [],
      };
      byUser.set(holding.userId, view);
    }
    let role = view.roles.find((r) => r.role === holding.role);
    if (!role) view.roles.push((role = { role: holding.role, sources: [] }));
    role.sources.push({ origin: holding.origin, via: holding.via, since: holding.since });
  }
  const order = (role: Role) => roles.indexOf(role);
  return [...byUser.values()]
    .map((view) => ({ ...view, roles: view.roles.sort((a, b) => order(a.role) - order(b.role)) }))
    .sort((a, b) => order(a.roles[0].role) - order(b.roles[0].role) || a.displayName.localeCompare(b.displayName));
}

export type RoleChangeResult = { userId: string; displayName: string; sipAddress: string; role: Role; changed: boolean };

/** Grants `role` directly (Grant-PinDeskRole); changed false when that grant already existed. */
export async function grantRole(deps: RolesDeps, input: { user: UserRef; role: unknown }, change: RoleChange): Promise<RoleChangeResult> {
  const role = parseRole(input.role);
  const user = await loadUser(deps.store, input.user);
  const changed = await grantDirectRole(deps.handle.db, user.id, role, change);
  return { userId: user.id, displayName: user.displayName, sipAddress: user.sipAddress, role, changed };
}

/** Revokes a direct grant (Revoke-PinDeskRole); RoleChangeError for the last CsAdministrator or a role from a group or claim. */
export async function revokeRole(deps: RolesDeps, input: { user: UserRef; role: unknown }, change: RoleChange): Promise<RoleChangeResult> {
  const role = parseRole(input.role);
  const user = await loadUser(deps.store, input.user);
  await revokeDirectRole(deps.handle.db, user.id, role, change);
  return { userId: user.id, displayName: user.displayName, sipAddress: user.sipAddress, role, changed: true };
}

export const LOCAL_PASSWORD_MIN = 12;
export const LOCAL_PASSWORD_MAX = 1024;
const EMAIL = /^[^\s@\\,;<>"]{1,64}@[A-Za-z0-9.-]{1,189}\.[A-Za-z]{2,63}$/;

/** New-PinDeskLocalAccount: a break-glass account with a PinDesk password, optionally with a role. */
export async function newLocalAccount(
  deps: Pick<RolesDeps, 'handle'>,
  input: { email: unknown; displayName?: unknown; password: unknown; role?: unknown },
  change: RoleChange,
): Promise<{ userId: string; sipAddress: string; role: Role | null }> {
  const email = typeof input.email === 'string' ? input.email.trim() : '';
  if (!EMAIL.test(email)) throw new RoleInputError(`"${email.slice(0, 80)}" is not an email address; give one like breakglass@contoso.com.`, 'email');
  const password = typeof input.password === 'string' ? input.password : '';
  if (password.length < LOCAL_PASSWORD_MIN || password.length > LOCAL_PASSWORD_MAX)
    throw new RoleInputError(
      `The password must be ${LOCAL_PASSWORD_MIN} to ${LOCAL_PASSWORD_MAX} characters long; a break-glass account guards everything.`,
      'password',
    );
  const displayName = typeof input.displayName === 'string' && input.displayName.trim() ? input.displayName.trim() : `Break-glass ${email}`;
  if (displayName.length > 256) throw new RoleInputError('The display name must be at most 256 characters.', 'displayName');
  const role = input.role === undefined || input.role === null || input.role === '' ? null : parseRole(input.role);
  const user = await createLocalAccount(deps.handle.db, { email, displayName, passwordHash: await hashPassword(password), role }, change);
  return { userId: user.id, sipAddress: user.sipAddress, role };
}
