/** Shared steps of the use cases: find exactly one user, and their effective policy. */
import { PinError } from '../errors';
import { parseIdentity, type IdentityQuery } from '../identity';
import { candidatePolicyIdentities, resolveEffectivePolicy, type EffectivePolicy } from '../policy';
import type { PinStoreReader } from '../store';
import type { DirectoryUserRecord } from '../types';

/** How many matches an "ambiguous identity" error lists. */
const AMBIGUITY_LISTED = 10;

/** A user named by identity text, or by id when the caller already resolved it. */
export type UserRef = { identity: string } | { userId: string };

export async function loadUser(reader: PinStoreReader, ref: UserRef): Promise<DirectoryUserRecord> {
  const query: IdentityQuery = 'userId' in ref ? { kind: 'id', id: ref.userId } : parseIdentity(ref.identity);
  const users = await reader.findUsers(query, AMBIGUITY_LISTED + 1);
  const shown = 'userId' in ref ? 'the selected user' : `"${ref.identity.trim()}"`;
  if (users.length === 0) {
    throw new PinError(
      'USER_NOT_FOUND',
      `User not found: no user matches ${shown}. Check the SIP address, UPN, domain\\account, display name or distinguished name.`,
    );
  }
  if (users.length > 1) {
    const names = users.slice(0, AMBIGUITY_LISTED).map((u) => `${u.displayName} (${u.sipAddress})`);
    const more = users.length > AMBIGUITY_LISTED ? ', …' : '';
    throw new PinError(
      'IDENTITY_AMBIGUOUS',
      `Ambiguous identity: ${shown} matches several users: ${names.join('; ')}${more}. Use a SIP address or UPN to name one.`,
      {
        matches: users.slice(0, AMBIGUITY_LISTED).map((u) => u.sipAddress),
      },
    );
  }
  return users[0];
}

export async function loadEffectivePolicy(reader: PinStoreReader, user: Pick<DirectoryUserRecord, 'grantedPolicy' | 'siteName'>): Promise<EffectivePolicy> {
  const policies = await reader.getPolicies(candidatePolicyIdentities(user));
  return resolveEffectivePolicy(user, new Map(policies.map((p) => [p.identity, p])));
}

export function userTarget(user: DirectoryUserRecord) {
  return { type: 'user', id: user.id, name: user.sipAddress };
}
