'use server';
/**
 * API tokens page actions: every administrator creates and revokes their own personal API
 * tokens; CsAdministrator (api_token.manage_all) may revoke anyone's. A token is always
 * created for the signed-in user, never for an owner named in the input.
 */
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/admin-action';
import { ActionError } from '@/lib/actions/result';
import { ApiTokenError, createApiToken, revokeApiToken } from '@/lib/api-tokens/api-tokens-service';

const DAY_MS = 24 * 60 * 60 * 1000;
const expiryChoices = ['never', '7', '30', '90', '365'] as const;

const createInput = z.object({
  name: z.string().trim().min(1, 'Give the token a name, e.g. "nightly PIN report".').max(100, 'A token name can be at most 100 characters.'),
  expiresInDays: z.enum(expiryChoices, { error: 'Choose when the token expires: never, or after 7, 30, 90 or 365 days.' }).default('90'),
});

export const createApiTokenAction = adminAction('api_token.own', 'api-tokens.create', createInput, async (input, { user, actor, context }) => {
  const expiresAt = input.expiresInDays === 'never' ? null : new Date(Date.now() + Number(input.expiresInDays) * DAY_MS);
  const { token, secret } = await createApiToken({ ownerId: user.id, name: input.name, expiresAt }, { actor, context });
  revalidatePath('/api-tokens');
  return { name: token.name, secret };
});

export const revokeApiTokenAction = adminAction(
  'api_token.own',
  'api-tokens.revoke',
  z.object({ id: z.string().min(1).max(64) }),
  async ({ id }, { user, actor, context }) => {
    try {
      const token = await revokeApiToken(id, user.permissions.has('api_token.manage_all') ? null : user.id, { actor, context });
      revalidatePath('/api-tokens');
      return { name: token.name };
    } catch (error) {
      if (error instanceof ApiTokenError) throw new ActionError('API_TOKEN_INVALID', error.message);
      throw error;
    }
  },
);
