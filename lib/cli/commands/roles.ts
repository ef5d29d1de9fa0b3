/**
 * Get-PinDeskRoleAssignment, Grant-PinDeskRole, Revoke-PinDeskRole (the Administrators page,
 * for scripts) and New-PinDeskLocalAccount (the first, break-glass administrator; local mode
 * only, its password typed or piped, never an argument).
 */
import { roles, type Role } from '../../auth/permissions';
import { inputLimits } from '../../validation/input-limits';
import { InputError } from '../../validation/input-error';
import { changedIdentity, forEachIdentity, isStop, problemOf, shouldProceed, whatIfParameters, type Command, type CommandContext } from '../command';

const MAX_ROLE_NAME = 64;
/** RFC 5321's longest address. */
const MAX_EMAIL = 254;
const MAX_DISPLAY_NAME = 256;

const identity = {
  name: 'Identity',
  type: 'string',
  position: 0,
  help: 'the user: SIP address, UPN, domain\\account, display name or DN; or piped',
  maxLength: inputLimits.identity,
} as const;
const role = { name: 'Role', type: 'string', position: 1, help: roles.join(', '), maxLength: MAX_ROLE_NAME } as const;

/** -Role, checked before anything is read or changed (any case, as lib/roles takes it): a usage error otherwise. */
function roleOf(ctx: CommandContext, required: boolean): Role | undefined {
  const given = ctx.params.Role;
  if (typeof given !== 'string' || given.trim() === '') {
    if (required) throw new InputError(`give -Role: one of ${roles.join(', ')}.`);
    return undefined;
  }
  const found = roles.find((r) => r.toLowerCase() === given.trim().toLowerCase());
  if (!found) throw new InputError(`-Role "${given}" is not a role; use one of ${roles.join(', ')}.`);
  return found;
}

export const getPinDeskRoleAssignment: Command = {
  name: 'Get-PinDeskRoleAssignment',
  synopsis: 'Get-PinDeskRoleAssignment [[-Identity] <user>]',
  description: 'who holds which role, and where each comes from (direct grant, directory group, sign-in claim)',
  parameters: [{ ...identity, help: 'only this user (nothing when they hold no role)' }],
  async run(ctx) {
    const wanted = typeof ctx.params.Identity === 'string' ? ctx.params.Identity : undefined;
    try {
      for (const holder of await (await ctx.client()).getRoleAssignments({ identity: wanted })) await ctx.emit(holder);
    } catch (error) {
      if (isStop(error)) throw error;
      ctx.fail(wanted ?? 'Get-PinDeskRoleAssignment', problemOf(error));
    }
  },
};

function roleChangeCommand(name: 'Grant-PinDeskRole' | 'Revoke-PinDeskRole', description: string, unreadChange: string): Command {
  return {
    name,
    synopsis: `${name} [-Identity] <user> [-Role] <role> [-WhatIf] [-Confirm]`,
    description,
    parameters: [identity, role, ...whatIfParameters],
    unreadChange,
    async run(ctx) {
      const wanted = roleOf(ctx, true)!;
      await forEachIdentity(ctx, name, async (id) => {
        const client = await ctx.client();
        const change = (input: { identity: string; role: Role; whatIf?: boolean }) =>
          name === 'Grant-PinDeskRole' ? client.grantRole(input) : client.revokeRole(input);
        if (!(await shouldProceed(ctx, name, `${id} (${wanted})`, () => change({ identity: id, role: wanted, whatIf: true })))) return;
        const result = await change({ identity: id, role: wanted });
        await ctx.emit(result, changedIdentity(result, id));
      });
    },
  };
}

export const grantPinDeskRole = roleChangeCommand(
  'Grant-PinDeskRole',
  'grants users a role directly (Changed is False when they already held that grant)',
  'the role was granted, but the output closed before this result could be known to have been read.',
);

export const revokePinDeskRole = roleChangeCommand(
  'Revoke-PinDeskRole',
  "revokes a direct grant (never the last CsAdministrator; a group's or claim's role changes at its source)",
  'the role was revoked, but the output closed before this result could be known to have been read.',
);

export const newPinDeskLocalAccount: Command = {
  name: 'New-PinDeskLocalAccount',
  synopsis: 'New-PinDeskLocalAccount [-Email] <address> [-DisplayName <name>] [-Role <role>]',
  description: 'creates a break-glass account with a PinDesk password (asked for, or the first line of stdin); local mode only',
  parameters: [
    { name: 'Email', type: 'string', position: 0, help: 'its sign-in name, UPN and SIP address, e.g. breakglass@contoso.com', maxLength: MAX_EMAIL },
    { name: 'DisplayName', type: 'string', help: 'default: "Break-glass <address>"', maxLength: MAX_DISPLAY_NAME },
    { name: 'Role', type: 'string', help: `granted directly: ${roles.join(', ')}`, maxLength: MAX_ROLE_NAME },
  ],
  unreadChange: 'the account was created, but the output closed before this result could be known to have been read.',
  async run(ctx) {
    const email = typeof ctx.params.Email === 'string' ? ctx.params.Email : '';
    if (email.trim() === '') throw new InputError('give -Email <address>: the break-glass account’s sign-in name.');
    const wanted = roleOf(ctx, false);
    const client = await ctx.client();
    if (!client.newLocalAccount)
      throw new InputError(
        'New-PinDeskLocalAccount runs on the server itself, against its database: unset PINDESK_URL and PINDESK_TOKEN and run it there (a password is never sent over the API).',
      );
    try {
      const password = await ctx.readNewPassword();
      const displayName = typeof ctx.params.DisplayName === 'string' ? ctx.params.DisplayName : undefined;
      const account = await client.newLocalAccount({ email, displayName, password, role: wanted });
      await ctx.emit(account, account.Identity);
    } catch (error) {
      if (isStop(error)) throw error;
      ctx.fail(email, problemOf(error));
    }
  },
};
