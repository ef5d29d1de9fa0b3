import 'server-only';
/**
 * The review step of a PIN policy edit or delete: validates the change exactly as saving
 * would (same errors, next to the same fields), counts the users it concerns
 * (lib/db/policy-population.ts) and says what changes for them (policy-effect.ts). Reads
 * only: nothing is saved until the administrator confirms.
 */
import { countFallbackPopulation, countPolicyPopulation } from '../db/policy-population';
import { assertPolicySettings, GLOBAL_POLICY, parsePolicyIdentity, PinError, policyDefaults, type PinPolicy, type PolicySettings } from '../pin';
import { getDb, getPinDeps } from '../server/composition-root';
import { describePolicyEffect, type PolicyChange } from './policy-effect';

async function loadPolicies(identities: string[]): Promise<PinPolicy[]> {
  const ids = [...new Set(identities.map((raw) => parsePolicyIdentity(raw).identity))];
  const found = await getPinDeps().store.getPolicies(ids);
  // Global always exists: never saved, it is the defaults.
  if (ids.includes(GLOBAL_POLICY) && !found.some((p) => p.identity === GLOBAL_POLICY))
    found.push({ identity: GLOBAL_POLICY, scope: 'global', ...policyDefaults });
  const missing = ids.filter((id) => !found.some((p) => p.identity === id));
  if (missing.length) throw new PinError('POLICY_NOT_FOUND', `No PIN policy ${missing.map((m) => `"${m}"`).join(', ')} exists.`, { identity: missing[0] });
  return ids.map((id) => found.find((p) => p.identity === id)!);
}

const defined = (changes: Partial<PolicySettings>) => Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<PolicySettings>;

async function measureChange(before: PinPolicy, after: PinPolicy, now: number): Promise<PolicyChange> {
  const population = await countPolicyPopulation(
    getDb(),
    before.identity,
    { minPasswordLength: after.minPasswordLength, pinLifetime: after.pinLifetime, currentLifetime: before.pinLifetime },
    now,
  );
  return { before, after, population };
}

/** What setting `changes` on each of `identities` would do, as sentences. Throws POLICY_INVALID as saving would. */
export async function reviewPolicyUpdate(identities: string[], changes: Partial<PolicySettings>): Promise<string[]> {
  const now = getPinDeps().clock.now();
  const measured: PolicyChange[] = [];
  for (const before of await loadPolicies(identities)) {
    const after: PinPolicy = { ...before, ...defined(changes) };
    try {
      assertPolicySettings(after);
    } catch (error) {
      // One policy named in the message, as Edit selected's save does, when there are several.
      if (error instanceof PinError && identities.length > 1) throw new PinError(error.code, `${before.identity}: ${error.message}`, error.details);
      throw error;
    }
    measured.push(await measureChange(before, after, now));
  }
  return describePolicyEffect({ kind: 'update', changes: measured });
}

/**
 * What creating a policy would do: a site policy takes its site's users (those without a
 * grant) over from the policy governing them now (global); a per-user one governs nobody
 * until granted. Throws as New would for bad settings or an unknown site.
 */
export async function reviewPolicyCreation(identity: string, settings: Partial<PolicySettings>): Promise<string[]> {
  const parsed = parsePolicyIdentity(identity);
  if (parsed.scope === 'global') throw new PinError('POLICY_EXISTS', 'The global policy always exists and cannot be created: change it with Set instead.');
  const after: PinPolicy = { identity: parsed.identity, scope: parsed.scope, ...policyDefaults, ...defined(settings) };
  assertPolicySettings(after);
  if (parsed.scope === 'user') return describePolicyEffect({ kind: 'create', identity: after.identity, change: null });
  if (!(await getPinDeps().store.siteExists(parsed.name))) {
    throw new PinError('SITE_NOT_FOUND', `There is no site named "${parsed.name}": a site policy needs an existing site.`, { field: 'Identity' });
  }
  const [before] = await loadPolicies([GLOBAL_POLICY]);
  const population = await countPolicyPopulation(
    getDb(),
    after.identity,
    { minPasswordLength: after.minPasswordLength, pinLifetime: after.pinLifetime, currentLifetime: before.pinLifetime },
    getPinDeps().clock.now(),
  );
  return describePolicyEffect({ kind: 'create', identity: after.identity, change: { before, after, population } });
}

/** What deleting `identities` would do (global is reset to the defaults instead), as sentences. */
export async function reviewPolicyRemoval(identities: string[]): Promise<string[]> {
  const now = getPinDeps().clock.now();
  const removals = [];
  const resets: PolicyChange[] = [];
  for (const before of await loadPolicies(identities)) {
    if (before.identity === GLOBAL_POLICY) {
      resets.push(await measureChange(before, { ...before, ...policyDefaults }, now));
      continue;
    }
    removals.push({ before, fallbacks: await countFallbackPopulation(getDb(), before.identity, before.pinLifetime, now) });
  }
  return describePolicyEffect({ kind: 'remove', removals, resets });
}
