/**
 * What a PIN policy edit or delete does to the users it governs, in sentences an administrator
 * reads before confirming ("983 users have PINs shorter than 10 digits; they keep working and
 * must use 10 digits next time"). Which settings touch existing PINs (DOMAIN.md §3–5): a longer
 * MinPasswordLength does not invalidate a PIN, it applies at the next change; a shorter
 * PINLifetime expires old PINs at once (an expired PIN cannot log on); PINHistoryCount and
 * AllowCommonPatterns apply to the next change only; MaximumLogonAttempts replaces the local
 * limit at once. Pure: the counts come from lib/db/policy-population.ts through the service.
 */
import type { PinPolicy } from '../pin/types';

/** Counts over one policy's users, as lib/db/policy-population.ts reads them. */
export type PopulationCounts = {
  /** Users the policy governs. */
  users: number;
  /** Of them, users with a PIN set. */
  withPin: number;
  /** PINs shorter than the new MinPasswordLength. */
  shorterThan: number;
  /** PINs expired under the new PINLifetime (0 when it is 0, never). */
  expiredUnder: number;
  /** PINs expired under the current PINLifetime. */
  expiredNow: number;
};

/** The users a deleted policy hands to another (`site:<name>` or `global`), measured against that one. */
export type FallbackCounts = {
  identity: string;
  minPasswordLength: number;
  pinLifetime: number;
  users: number;
  withPin: number;
  /** PINs shorter than the fallback policy's minimum length. */
  shorterThan: number;
  /** PINs expired under the fallback policy's lifetime. */
  expiredUnder: number;
  /** PINs expired under the deleted policy's lifetime. */
  expiredNow: number;
};

export type PolicyChange = { before: PinPolicy; after: PinPolicy; population: PopulationCounts };
export type PolicyRemoval = { before: PinPolicy; fallbacks: FallbackCounts[] };

/** `create`: a new site policy takes over its site's users from `change.before` (global); a per-user one (change null) governs nobody yet. */
export type PolicyEffectInput =
  | { kind: 'update'; changes: PolicyChange[] }
  | { kind: 'remove'; removals: PolicyRemoval[]; resets: PolicyChange[] }
  | { kind: 'create'; identity: string; change: PolicyChange | null };

const n = (value: number) => value.toLocaleString('en-US');
const users = (count: number) => `${n(count)} user${count === 1 ? '' : 's'}`;
const havePins = (count: number) => (count === 1 ? 'has a PIN' : 'have PINs');
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const identities = (list: string[]) => (list.length <= 3 ? list.join(', ') : `${list.slice(0, 3).join(', ')} and ${list.length - 3} more`);

function governs(policies: string[], count: number, withPin: number): string {
  const subject = policies.length === 1 ? `${policies[0]} governs` : `These ${policies.length} policies govern`;
  return `${subject} ${users(count)} (${n(withPin)} with a PIN).`;
}

/** The sentences for one set of changes applied to policies whose populations are disjoint. */
function describeChanges(changes: PolicyChange[]): string[] {
  const changed = (key: keyof PinPolicy) => changes.filter((c) => c.before[key] !== c.after[key]);
  const out = [
    governs(
      changes.map((c) => c.after.identity),
      sum(changes.map((c) => c.population.users)),
      sum(changes.map((c) => c.population.withPin)),
    ),
  ];

  const longer = changes.filter((c) => c.after.minPasswordLength > c.before.minPasswordLength);
  if (longer.length) {
    const min = Math.max(...longer.map((c) => c.after.minPasswordLength));
    const shorter = sum(longer.map((c) => c.population.shorterThan));
    out.push(
      shorter > 0
        ? `${users(shorter)} ${havePins(shorter)} shorter than ${min} digits; they keep working and must use ${min} digits next time.`
        : `No user has a PIN shorter than ${min} digits.`,
    );
  }
  if (changes.some((c) => c.after.minPasswordLength < c.before.minPasswordLength)) {
    out.push(`New PINs may be as short as ${Math.min(...changes.map((c) => c.after.minPasswordLength))} digits; existing PINs are not affected.`);
  }

  const lifetime = changed('pinLifetime');
  if (lifetime.length) {
    const days = lifetime[0].after.pinLifetime;
    const expireNow = sum(lifetime.map((c) => Math.max(0, c.population.expiredUnder - c.population.expiredNow)));
    const workAgain = sum(lifetime.map((c) => Math.max(0, c.population.expiredNow - c.population.expiredUnder)));
    out.push(days === 0 ? 'PINs no longer expire.' : `PINs expire ${days} day${days === 1 ? '' : 's'} after they are set.`);
    if (expireNow > 0) {
      out.push(`${users(expireNow)} ${havePins(expireNow)} older than that; they expire at once and cannot dial in until a new PIN is set.`);
    } else if (days > 0) out.push('No PIN expires at once.');
    if (workAgain > 0) out.push(`${users(workAgain)} with an expired PIN can dial in with it again.`);
  }

  const history = changed('pinHistoryCount');
  if (history.length) {
    const count = history[0].after.pinHistoryCount;
    out.push(
      count === 0
        ? 'Self-service changes may reuse earlier PINs; current PINs keep working.'
        : `Self-service changes may not reuse the last ${count} PIN${count === 1 ? '' : 's'}; current PINs keep working.`,
    );
  }

  const patterns = changed('allowCommonPatterns');
  if (patterns.length) {
    out.push(
      patterns[0].after.allowCommonPatterns
        ? 'New PINs may use common patterns (such as 1234 or 1111).'
        : 'New PINs may not use common patterns; existing PINs keep working until they are changed.',
    );
  }

  const attempts = changed('maximumLogonAttempts');
  if (attempts.length) {
    const limit = attempts[0].after.maximumLogonAttempts;
    const affected = sum(attempts.map((c) => c.population.withPin));
    out.push(
      limit === null
        ? `The local logon limit goes back to the default for each PIN's length for ${users(affected)} with a PIN.`
        : `The local logon limit becomes ${n(limit)} failed attempt${limit === 1 ? '' : 's'} at once for ${users(affected)} with a PIN.`,
    );
  }

  if (out.length === 1) {
    out.push(changed('description').length ? 'Only the description changes; no user is affected.' : 'Nothing changes.');
  }
  return out;
}

function describeRemoval(removal: PolicyRemoval): string[] {
  const { before, fallbacks } = removal;
  const total = sum(fallbacks.map((f) => f.users));
  const withPin = sum(fallbacks.map((f) => f.withPin));
  if (total === 0) return [`Deleting ${before.identity}: it governs no user.`];
  const where = fallbacks.map((f) => (fallbacks.length === 1 ? f.identity : `${f.identity} (${n(f.users)})`)).join(' and ');
  const out = [`Deleting ${before.identity}: its ${users(total)} (${n(withPin)} with a PIN) fall back to ${where}.`];
  for (const f of fallbacks) {
    if (f.minPasswordLength > before.minPasswordLength && f.shorterThan > 0) {
      out.push(
        `${users(f.shorterThan)} ${havePins(f.shorterThan)} shorter than ${f.identity}'s ${f.minPasswordLength} digits; they keep working and must use ${f.minPasswordLength} digits next time.`,
      );
    }
  }
  // Per fallback, one lifetime replaces another, so its users only expire or only revive; summed
  // across fallbacks, one group's expiries must not cancel another's revivals.
  const expireNow = sum(fallbacks.map((f) => Math.max(0, f.expiredUnder - f.expiredNow)));
  const workAgain = sum(fallbacks.map((f) => Math.max(0, f.expiredNow - f.expiredUnder)));
  if (expireNow > 0) {
    out.push(
      `${users(expireNow)} ${havePins(expireNow)} older than their new policy's PINLifetime; they expire at once and cannot dial in until a new PIN is set.`,
    );
  }
  if (workAgain > 0) out.push(`${users(workAgain)} with an expired PIN can dial in with it again.`);
  return out;
}

/** The effect, as sentences; the first says how many users are concerned. */
export function describePolicyEffect(input: PolicyEffectInput): string[] {
  if (input.kind === 'update') return describeChanges(input.changes);
  if (input.kind === 'create') {
    if (!input.change) return [`${input.identity} governs nobody until it is assigned to users (Assign policy on the Users page).`];
    const [first, ...rest] = describeChanges([input.change]);
    return [first, `They move from ${input.change.before.identity} to ${input.identity}.`, ...rest];
  }
  const out = input.removals.flatMap(describeRemoval);
  if (input.resets.length) {
    out.push(`${identities(input.resets.map((r) => r.before.identity))} cannot be deleted; it is reset to the defaults.`);
    out.push(...describeChanges(input.resets));
  }
  return out;
}
