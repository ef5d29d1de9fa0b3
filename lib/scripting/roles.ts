/**
 * What the REST API and the `pindesk` CLI (local mode) can do with administrators' roles, bound
 * to one caller: Get-PinDeskRoleAssignment, Grant-PinDeskRole and Revoke-PinDeskRole (each with
 * -WhatIf), and, in local mode only, New-PinDeskLocalAccount — over lib/roles. Objects carry
 * cmdlet-style property names; Identity is the SIP address, as on every other object, so they
 * pipe into the commands that take -Identity. Permission (role.manage) is the caller's check.
 */
import type { Role } from '../auth/permissions';
import { previewGrantRole, previewRevokeRole } from '../roles/role-change-preview';
import {
  grantRole,
  listRoleHolders,
  newLocalAccount,
  revokeRole,
  type RoleChange,
  type RoleChangeResult,
  type RoleHolderView,
  type RoleOrigin,
  type RolesDeps,
} from '../roles/roles-service';
import { loadUser } from '../pin/use-cases/load-user';
import type { WhatIfResult } from './objects';

export type CsRoleSource = { Origin: RoleOrigin; Via: string; Since: string };
export type CsRoleAssignment = {
  Identity: string;
  DisplayName: string;
  Upn: string;
  Enabled: boolean;
  Roles: { Role: Role; Sources: CsRoleSource[] }[];
};
export type CsRoleChange = { Identity: string; DisplayName: string; Role: Role; Changed: boolean };
export type CsLocalAccount = { Identity: string; Email: string; Role: Role | null };

export type RoleChangeRequest = { identity: string; role: string; whatIf?: boolean };
export type LocalAccountRequest = { email: string; displayName?: string; password: string; role?: string };

/** The role operations both CLI modes offer (remote: the REST API, which runs these). */
export type RolesClient = {
  getRoleAssignments(input: { identity?: string }): Promise<CsRoleAssignment[]>;
  grantRole(input: RoleChangeRequest): Promise<CsRoleChange | WhatIfResult>;
  revokeRole(input: RoleChangeRequest): Promise<CsRoleChange | WhatIfResult>;
  /**
   * New-PinDeskLocalAccount; null in remote mode: a break-glass account is made on the server
   * itself, and its password never travels over the API.
   */
  newLocalAccount: ((input: LocalAccountRequest) => Promise<CsLocalAccount>) | null;
};

function toCsRoleChange(result: RoleChangeResult): CsRoleChange {
  return { Identity: result.sipAddress, DisplayName: result.displayName, Role: result.role, Changed: result.changed };
}

function whatIf(command: 'Grant-PinDeskRole' | 'Revoke-PinDeskRole', result: RoleChangeResult): WhatIfResult {
  const who = `${result.displayName} (${result.sipAddress})`;
  if (!result.changed) return { WhatIf: `What if: ${who} already holds ${result.role} by a direct grant; nothing would change.` };
  const verb = command === 'Grant-PinDeskRole' ? `Granting ${result.role} to` : `Revoking ${result.role} from`;
  return { WhatIf: `What if: Performing the operation "${command}" on target "${who}": ${verb} ${who}.` };
}

export function createRolesScripting(deps: RolesDeps, who: RoleChange): RolesClient & { newLocalAccount: NonNullable<RolesClient['newLocalAccount']> } {
  const toObjects = (views: RoleHolderView[]): CsRoleAssignment[] =>
    views.map((view) => ({
      Identity: view.sipAddress,
      DisplayName: view.displayName,
      Upn: view.upn,
      Enabled: view.enabled,
      Roles: view.roles.map((r) => ({
        Role: r.role,
        Sources: r.sources.map((s) => ({ Origin: s.origin, Via: s.via, Since: s.since.toISOString() })),
      })),
    }));
  return {
    async getRoleAssignments({ identity }) {
      const holders = await listRoleHolders(deps);
      if (identity === undefined) return toObjects(holders);
      const user = await loadUser(deps.store, { identity });
      return toObjects(holders.filter((h) => h.userId === user.id));
    },
    async grantRole({ identity, role, whatIf: dryRun }) {
      const input = { user: { identity }, role };
      if (dryRun) return whatIf('Grant-PinDeskRole', await previewGrantRole(deps, input));
      return toCsRoleChange(await grantRole(deps, input, who));
    },
    async revokeRole({ identity, role, whatIf: dryRun }) {
      const input = { user: { identity }, role };
      if (dryRun) return whatIf('Revoke-PinDeskRole', await previewRevokeRole(deps, input));
      return toCsRoleChange(await revokeRole(deps, input, who));
    },
    async newLocalAccount(input) {
      const account = await newLocalAccount(deps, input, who);
      return { Identity: account.sipAddress, Email: account.sipAddress.replace(/^sip:/i, ''), Role: account.role };
    },
  };
}
