/** New/Get/Set/Remove/Grant-CsPinPolicy (DOMAIN.md §3). Every change is audited with before/after. */
import type { PinDeps } from '../deps';
import { PinError } from '../errors';
import { assertPolicySettings, GLOBAL_POLICY, parsePolicyIdentity, policyDefaults, type PolicySettings } from '../policy';
import type { Actor, DirectoryUserRecord, PinPolicy, RequestContext } from '../types';
import { loadUser, type UserRef } from './load-user';

type ChangeOptions = { actor: Actor; context?: RequestContext };
type Deps = Pick<PinDeps, 'store' | 'clock'>;

export async function getPinPolicy(deps: Deps, identity: string): Promise<PinPolicy> {
  const { identity: id } = parsePolicyIdentity(identity);
  const [policy] = await deps.store.getPolicies([id]);
  if (!policy) throw new PinError('POLICY_NOT_FOUND', `No PIN policy "${id}" exists.`, { identity: id });
  return policy;
}

/** New-CsPinPolicy: a site policy (for an existing site) or a per-user policy. */
export async function newPinPolicy(deps: Deps, options: ChangeOptions & { identity: string; settings: Partial<PolicySettings> }): Promise<PinPolicy> {
  const parsed = parsePolicyIdentity(options.identity);
  if (parsed.scope === 'global') {
    throw new PinError('POLICY_EXISTS', 'The global policy always exists and cannot be created: change it with Set instead.');
  }
  const policy: PinPolicy = { identity: parsed.identity, scope: parsed.scope, ...policyDefaults, ...definedOnly(options.settings) };
  assertPolicySettings(policy);
  if (parsed.scope === 'site' && !(await deps.store.siteExists(parsed.name))) {
    throw new PinError('SITE_NOT_FOUND', `There is no site named "${parsed.name}": a site policy needs an existing site.`, { field: 'Identity' });
  }
  return deps.store.transaction(async (tx) => {
    if ((await tx.getPolicies([policy.identity])).length > 0) {
      throw new PinError('POLICY_EXISTS', `A PIN policy "${policy.identity}" already exists: edit it instead.`, { field: 'Identity' });
    }
    await tx.createPolicy(policy);
    await tx.appendAudit(policyEvent(deps, options, 'pin_policy.created', policy.identity, { after: policy }));
    return policy;
  });
}

/** Set-CsPinPolicy: changes the given properties, leaves the others. */
export async function setPinPolicy(deps: Deps, options: ChangeOptions & { identity: string; changes: Partial<PolicySettings> }): Promise<PinPolicy> {
  const { identity } = parsePolicyIdentity(options.identity);
  return deps.store.transaction(async (tx) => {
    const [before] = await tx.getPolicies([identity]);
    if (!before) throw new PinError('POLICY_NOT_FOUND', `No PIN policy "${identity}" exists.`, { identity });
    const after: PinPolicy = { ...before, ...definedOnly(options.changes) };
    assertPolicySettings(after);
    await tx.updatePolicy(after);
    await tx.appendAudit(policyEvent(deps, options, 'pin_policy.updated', identity, { before, after }));
    return after;
  });
}

/**
 * Remove-CsPinPolicy: a site or per-user policy is deleted and its users fall back (per-user
 * grants are removed with it); "removing" global resets it to the defaults.
 */
export async function removePinPolicy(deps: Deps, options: ChangeOptions & { identity: string }): Promise<{ reset: boolean }> {
  const { identity } = parsePolicyIdentity(options.identity);
  return deps.store.transaction(async (tx) => {
    const [before] = await tx.getPolicies([identity]);
    if (identity === GLOBAL_POLICY) {
      const after: PinPolicy = { identity, scope: 'global', ...policyDefaults };
      if (before) await tx.updatePolicy(after);
      else await tx.createPolicy(after);
      await tx.appendAudit(policyEvent(deps, options, 'pin_policy.reset', identity, { before: before ?? null, after }));
      return { reset: true };
    }
    if (!before) throw new PinError('POLICY_NOT_FOUND', `No PIN policy "${identity}" exists.`, { identity });
    await tx.deletePolicy(identity);
    await tx.appendAudit(policyEvent(deps, options, 'pin_policy.removed', identity, { before }));
    return { reset: false };
  });
}

/**
 * Grant-CsPinPolicy: assigns a per-user policy to users, or none (null → <Automatic>, the
 * user falls back to the site or global policy).
 */
export async function grantPinPolicy(deps: Deps, options: ChangeOptions & { users: UserRef[]; policy: string | null }): Promise<{ granted: number }> {
  let identity: string | null = null;
  if (options.policy !== null && options.policy.trim() !== '') {
    const parsed = parsePolicyIdentity(options.policy);
    if (parsed.scope !== 'user') {
      throw new PinError(
        'POLICY_INVALID',
        `Only per-user policies can be granted; "${parsed.identity}" applies by ${parsed.scope === 'site' ? 'site' : 'default'}.`,
      );
    }
    identity = parsed.identity;
  }
  const users: DirectoryUserRecord[] = [];
  for (const ref of options.users) users.push(await loadUser(deps.store, ref));
  return deps.store.transaction(async (tx) => {
    if (identity !== null && (await tx.getPolicies([identity])).length === 0) {
      throw new PinError('POLICY_NOT_FOUND', `No PIN policy "${identity}" exists.`, { identity });
    }
    await tx.grantPolicy(
      users.map((u) => u.id),
      identity,
    );
    for (const user of users) {
      await tx.appendAudit({
        at: deps.clock.now(),
        actor: options.actor,
        action: 'pin_policy.granted',
        target: { type: 'user', id: user.id, name: user.sipAddress },
        context: options.context,
        outcome: 'success',
        details: { before: user.grantedPolicy, after: identity },
      });
    }
    return { granted: users.length };
  });
}

function policyEvent(deps: Deps, options: ChangeOptions, action: string, identity: string, details: Record<string, unknown>) {
  return {
    at: deps.clock.now(),
    actor: options.actor,
    action,
    target: { type: 'pin_policy', id: identity, name: identity },
    context: options.context,
    outcome: 'success' as const,
    details,
  };
}

/** Drops keys whose value is undefined, so a partial change never blanks a property. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Set-CsPinPolicy on many policies at once (Get-CsPinPolicy | Where-Object … | Set-CsPinPolicy):
 * every policy changes, or — if any result would be invalid — none does.
 */
export async function setPinPolicies(deps: Deps, options: ChangeOptions & { identities: string[]; changes: Partial<PolicySettings> }): Promise<PinPolicy[]> {
  const identities = [...new Set(options.identities.map((raw) => parsePolicyIdentity(raw).identity))];
  return deps.store.transaction(async (tx) => {
    const found = await tx.getPolicies(identities);
    const missing = identities.filter((id) => !found.some((p) => p.identity === id));
    if (missing.length) throw new PinError('POLICY_NOT_FOUND', `No PIN policy ${missing.map((m) => `"${m}"`).join(', ')} exists.`, { identity: missing[0] });
    const updated: PinPolicy[] = [];
    for (const before of found) {
      const after: PinPolicy = { ...before, ...definedOnly(options.changes) };
      try {
        assertPolicySettings(after);
      } catch (error) {
        if (error instanceof PinError) throw new PinError(error.code, `${before.identity}: ${error.message}`, error.details);
        throw error;
      }
      await tx.updatePolicy(after);
      await tx.appendAudit(policyEvent(deps, options, 'pin_policy.updated', before.identity, { before, after }));
      updated.push(after);
    }
    return updated;
  });
}
