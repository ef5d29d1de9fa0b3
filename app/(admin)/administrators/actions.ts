'use server';
/**
 * Administrators page actions (CsAdministrator: role.manage): grant a role directly to a user
 * named like everywhere else, and revoke a direct grant. PinDesk never removes the last
 * CsAdministrator (lib/db/role-assignments.ts); the refusal says why.
 */
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/admin-action';
import { ActionError } from '@/lib/actions/result';
import { roles } from '@/lib/auth/permissions';
import { grantRole, revokeRole, RoleChangeError } from '@/lib/roles/roles-page-service';
import { inputLimits } from '@/lib/validation/input-limits';

const role = z.enum(roles, { error: `Choose a role: ${roles.join(', ')}.` });

const grantInput = z.object({
  identity: z
    .string()
    .trim()
    .min(1, 'Name the user: their UPN, SIP address or domain\\logon.')
    .max(inputLimits.identity, `A user name can be at most ${inputLimits.identity} characters.`),
  role,
});

function refusal(error: unknown): never {
  if (error instanceof RoleChangeError) throw new ActionError(error.code, error.message);
  throw error;
}

export const grantRoleAction = adminAction('role.manage', 'administrators.grant', grantInput, async ({ identity, role }, { actor, context }) => {
  const result = await grantRole({ user: { identity }, role }, { actor, context }).catch(refusal);
  revalidatePath('/administrators');
  return { displayName: result.displayName, role: result.role, changed: result.changed };
});

export const revokeRoleAction = adminAction(
  'role.manage',
  'administrators.revoke',
  z.object({ userId: z.string().min(1).max(64), role }),
  async ({ userId, role }, { actor, context }) => {
    const result = await revokeRole({ user: { userId }, role }, { actor, context }).catch(refusal);
    revalidatePath('/administrators');
    return { displayName: result.displayName, role: result.role };
  },
);
