/**
 * PIN policies (New/Get/Set/Remove/Grant-CsPinPolicy, DOMAIN.md §3): identities, ranges,
 * defaults, validation and the per-user → site → global resolution.
 */
import { PinError } from './errors';
import type { DirectoryUserRecord, PinPolicy, PolicyScope } from './types';

export const GLOBAL_POLICY = 'global';

/** The editable properties, by the cmdlet's names. */
export type PolicySettings = Pick<
  PinPolicy,
  'description' | 'minPasswordLength' | 'pinHistoryCount' | 'pinLifetime' | 'allowCommonPatterns' | 'maximumLogonAttempts'
>;

export const policyDefaults: PolicySettings = {
  description: '',
  minPasswordLength: 5,
  pinHistoryCount: 0,
  pinLifetime: 0,
  allowCommonPatterns: false,
  maximumLogonAttempts: null,
};

/** Inclusive ranges, also used by forms to show "allowed: 4–24". */
export const policyRanges = {
  minPasswordLength: { field: 'MinPasswordLength', min: 4, max: 24 },
  pinHistoryCount: { field: 'PINHistoryCount', min: 0, max: 20 },
  pinLifetime: { field: 'PINLifetime', min: 0, max: 999 },
  maximumLogonAttempts: { field: 'MaximumLogonAttempts', min: 1, max: 999 },
} as const;

export const MAX_PIN_LENGTH = 24;
const MAX_DESCRIPTION_LENGTH = 1024;
const POLICY_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;

/**
 * Normalises a policy Identity as the cmdlets accept it: "global", "site:<name>",
 * "tag:<name>" or a bare per-user name (stored as "tag:<name>").
 */
export function parsePolicyIdentity(raw: string): { identity: string; scope: PolicyScope; name: string } {
  const text = raw.trim();
  if (text.toLowerCase() === GLOBAL_POLICY) return { identity: GLOBAL_POLICY, scope: 'global', name: GLOBAL_POLICY };
  const match = /^(site|tag):(.*)$/i.exec(text);
  const scope: PolicyScope = match?.[1].toLowerCase() === 'site' ? 'site' : 'user';
  const name = (match ? match[2] : text).trim();
  if (!POLICY_NAME.test(name)) {
    throw new PinError(
      'IDENTITY_INVALID',
      `Policy identity must be "global", "site:<site name>" or a per-user policy name of 1–64 letters, digits, spaces, dots, dashes or underscores.`,
      { field: 'Identity' },
    );
  }
  return { identity: `${scope === 'site' ? 'site' : 'tag'}:${name}`, scope, name };
}

/** One field's complaint, for forms that show errors next to the field. */
export type PolicyFieldError = { field: string; message: string };

/**
 * Checks every range and the PINLifetime/PINHistoryCount rule. Returns all problems, each
 * naming the field and the allowed range; empty when the settings are valid.
 */
export function checkPolicySettings(settings: PolicySettings): PolicyFieldError[] {
  const errors: PolicyFieldError[] = [];
  for (const key of ['minPasswordLength', 'pinHistoryCount', 'pinLifetime'] as const) {
    const { field, min, max } = policyRanges[key];
    if (!isWholeNumberIn(settings[key], min, max)) {
      errors.push({ field, message: `${field} must be a whole number from ${min} to ${max}.` });
    }
  }
  if (settings.maximumLogonAttempts !== null) {
    const { field, min, max } = policyRanges.maximumLogonAttempts;
    if (!isWholeNumberIn(settings.maximumLogonAttempts, min, max)) {
      errors.push({ field, message: `${field} must be a whole number from ${min} to ${max}, or unset.` });
    }
  }
  if (typeof settings.allowCommonPatterns !== 'boolean') {
    errors.push({ field: 'AllowCommonPatterns', message: 'AllowCommonPatterns must be true or false.' });
  }
  if (typeof settings.description !== 'string' || settings.description.length > MAX_DESCRIPTION_LENGTH) {
    errors.push({ field: 'Description', message: `Description must be text of at most ${MAX_DESCRIPTION_LENGTH} characters.` });
  }
  if (errors.length === 0 && settings.pinLifetime > 0 && settings.pinHistoryCount === 0) {
    errors.push({
      field: 'PINLifetime',
      message: `PINLifetime can be greater than 0 (here ${settings.pinLifetime}) only when PINHistoryCount is greater than 0 (here 0): set PINHistoryCount to 1–20, or PINLifetime to 0.`,
    });
  }
  return errors;
}

/** Throws POLICY_INVALID listing every problem when the settings are not valid. */
export function assertPolicySettings(settings: PolicySettings): void {
  const errors = checkPolicySettings(settings);
  if (errors.length > 0) {
    throw new PinError('POLICY_INVALID', errors.map((e) => e.message).join(' '), { fieldErrors: errors });
  }
}

function isWholeNumberIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

export type EffectivePolicy = {
  policy: PinPolicy;
  /** Where it comes from: granted to the user, the user's site, or global. */
  source: PolicyScope;
};

/**
 * Effective policy of a user: the per-user policy if granted, else the policy of the user's
 * site, else global (else the built-in defaults, should the global row be missing).
 */
export function resolveEffectivePolicy(
  user: Pick<DirectoryUserRecord, 'grantedPolicy' | 'siteName'>,
  policies: ReadonlyMap<string, PinPolicy>,
): EffectivePolicy {
  const granted = user.grantedPolicy ? policies.get(user.grantedPolicy) : undefined;
  if (granted) return { policy: granted, source: 'user' };
  const site = user.siteName ? policies.get(`site:${user.siteName}`) : undefined;
  if (site) return { policy: site, source: 'site' };
  return { policy: policies.get(GLOBAL_POLICY) ?? defaultGlobalPolicy(), source: 'global' };
}

export function defaultGlobalPolicy(): PinPolicy {
  return { identity: GLOBAL_POLICY, scope: 'global', ...policyDefaults };
}

/** The identities a user's effective policy may come from, most specific first. */
export function candidatePolicyIdentities(user: Pick<DirectoryUserRecord, 'grantedPolicy' | 'siteName'>): string[] {
  return [user.grantedPolicy, user.siteName ? `site:${user.siteName}` : null, GLOBAL_POLICY].filter((identity): identity is string => identity !== null);
}
