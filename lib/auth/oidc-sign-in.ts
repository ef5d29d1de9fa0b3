/**
 * The PinDesk side of an OpenID Connect sign-in, once Auth.js has validated the identity
 * provider's response (state, PKCE, nonce, issuer, audience, expiry): the claim named by
 * AUTH_OIDC_USER_CLAIM must be the UPN of an enabled directory user, and the roles claim's
 * values replace the roles the user holds through claims. Every outcome is audited.
 */
import { findAccountByUpn } from '../db/accounts';
import type { DbHandle } from '../db/client';
import { replaceDerivedRoles } from '../db/role-assignments';
import type { PinStore } from '../pin/store';
import type { RequestContext } from '../pin/types';
import type { OidcSettings } from './auth-settings';
import { rolesFromGroups, type RoleMapping } from './role-mapping';

export type OidcRefusal = 'not-in-directory' | 'account-disabled' | 'no-user-claim';
export type OidcSignInOutcome = { ok: true; userId: string } | { ok: false; reason: OidcRefusal };

export type OidcSignInDeps = { handle: DbHandle; store: PinStore; roleMapping: RoleMapping };

const MAX_NAME = 254;
const MAX_ROLE_VALUES = 500;
const MAX_ROLE_VALUE = 512;

/** The roles claim's values: a list of strings (or one string); anything else counts as none. */
export function claimValues(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return list.filter((item): item is string => typeof item === 'string' && item.length > 0 && item.length <= MAX_ROLE_VALUE).slice(0, MAX_ROLE_VALUES);
}

export async function completeOidcSignIn(
  deps: OidcSignInDeps,
  settings: Pick<OidcSettings, 'userClaim' | 'rolesClaim'>,
  claims: Record<string, unknown>,
  context: RequestContext,
): Promise<OidcSignInOutcome> {
  const raw = claims[settings.userClaim];
  const name = typeof raw === 'string' ? raw.trim().slice(0, MAX_NAME) : '';
  const user = name && typeof raw === 'string' && raw.length <= MAX_NAME ? await findAccountByUpn(deps.handle.db, name) : null;
  const target = { type: 'account', id: user?.id ?? null, name: name || `(no ${settings.userClaim} claim)` };
  const refuse = async (reason: OidcRefusal): Promise<OidcSignInOutcome> => {
    await deps.store.appendAudit({
      at: Date.now(),
      actor: { type: 'anonymous', name: target.name },
      action: 'auth.sign_in_failed',
      target,
      context,
      outcome: 'failure',
      details: { reason, method: 'oidc' },
    });
    return { ok: false, reason };
  };
  if (!name) return refuse('no-user-claim');
  if (!user) return refuse('not-in-directory');
  if (!user.enabled) return refuse('account-disabled');

  const actor = { type: 'user' as const, id: user.id, name: user.displayName };
  if (settings.rolesClaim) {
    const derived = rolesFromGroups(deps.roleMapping, claimValues(claims[settings.rolesClaim]));
    await replaceDerivedRoles(deps.handle.db, user.id, 'claim', derived, { actor, context });
  }
  await deps.store.appendAudit({ at: Date.now(), actor, action: 'auth.signed_in', target, context, outcome: 'success', details: { method: 'oidc' } });
  return { ok: true, userId: user.id };
}
