import 'server-only';
/** Personal API tokens for the API tokens page: lib/db/api-tokens.ts on this process's database. */
import * as apiTokens from '../db/api-tokens';
import { getDb } from '../server/composition-root';

export type { ApiTokenStatus, ApiTokenView } from '../db/api-tokens';
export { ApiTokenError, apiTokenStatus } from '../db/api-tokens';

type Change = Parameters<typeof apiTokens.createApiToken>[2];

/** `ownerId` null: everyone's tokens (the caller has checked api_token.manage_all). */
export function listApiTokens(ownerId: string | null) {
  return apiTokens.listApiTokens(getDb(), ownerId);
}

/** The returned secret is its only appearance in clear. */
export function createApiToken(input: Parameters<typeof apiTokens.createApiToken>[1], change: Change) {
  return apiTokens.createApiToken(getDb(), input, change);
}

/** `asOwner` null: any owner's token (api_token.manage_all); else only that owner's. */
export function revokeApiToken(id: string, asOwner: string | null, change: Change) {
  return apiTokens.revokeApiToken(getDb(), id, asOwner, change);
}
