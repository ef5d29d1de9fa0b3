/**
 * -WhatIf of Grant-PinDeskRole and Revoke-PinDeskRole: the same checks as the change (the role,
 * the user, a direct grant to revoke, never the last CsAdministrator), read from the role
 * holders, with nothing written. The change itself still checks again in its transaction.
 */
import { LAST_ADMINISTRATOR_MESSAGE, notGrantedMessage } from '../db/role-assignments';
import { loadUser, type UserRef } from '../pin/use-cases/load-user';
import { listRoleHolders, parseRole, RoleChangeError, type RoleChangeResult, type RolesDeps } from './roles-service';

async function prepare(deps: RolesDeps, input: { user: UserRef; role: unknown }) {
  const role = parseRole(input.role);
  const user = await loadUser(deps.store, input.user);
  const holders = await listRoleHolders(deps);
  const origins =
    holders
      .find((h) => h.userId === user.id)
      ?.roles.find((r) => r.role === role)
      ?.sources.map((s) => s.origin) ?? [];
  return { role, user, holders, origins };
}

/** What Grant-PinDeskRole would do: changed false when the direct grant already exists. */
export async function previewGrantRole(deps: RolesDeps, input: { user: UserRef; role: unknown }): Promise<RoleChangeResult> {
  const { role, user, origins } = await prepare(deps, input);
  return { userId: user.id, displayName: user.displayName, sipAddress: user.sipAddress, role, changed: !origins.includes('direct') };
}

/** What Revoke-PinDeskRole would do, or the RoleChangeError it would be refused with. */
export async function previewRevokeRole(deps: RolesDeps, input: { user: UserRef; role: unknown }): Promise<RoleChangeResult> {
  const { role, user, holders, origins } = await prepare(deps, input);
  if (!origins.includes('direct')) throw new RoleChangeError('NOT_GRANTED', notGrantedMessage(user.displayName, role, origins));
  const otherAdministrators = holders.some((h) => h.userId !== user.id && h.enabled && h.roles.some((r) => r.role === 'CsAdministrator'));
  if (role === 'CsAdministrator' && origins.length === 1 && !otherAdministrators) throw new RoleChangeError('LAST_ADMINISTRATOR', LAST_ADMINISTRATOR_MESSAGE);
  return { userId: user.id, displayName: user.displayName, sipAddress: user.sipAddress, role, changed: true };
}
