/**
 * zod schemas of the scripting endpoints' bodies and query parameters. Property names follow
 * the cmdlets' parameters; a refusal names the field. Pure.
 */
import { z } from 'zod';
import { policyRanges } from '../pin/policy';

const identity = z.string({ error: 'identity is required: a SIP address, UPN, domain\\account, display name or distinguished name.' }).trim().min(1, 'identity must not be empty.').max(512, 'identity can be at most 512 characters.');

export const identityBody = z.object({ identity }).strict();

export const setPinBody = z
  .object({
    identity,
    // Digits are checked by lib/pin (PIN_NOT_DIGITS) with the policy's message; here only the type and size.
    pin: z.string({ error: 'pin must be a string of digits (leave it out to generate one).' }).max(64, 'pin is too long.').optional(),
  })
  .strict();

const whole = (name: keyof typeof policyRanges) => {
  const { field, min, max } = policyRanges[name];
  return z.number({ error: `${field} must be a whole number from ${min} to ${max}.` }).int(`${field} must be a whole number from ${min} to ${max}.`);
};

/** Ranges are lib/pin's (POLICY_INVALID names the field); the schema checks types. */
export const policyChanges = z
  .object({
    Description: z.string({ error: 'Description must be text.' }).max(1024, 'Description can be at most 1024 characters.').optional(),
    MinPasswordLength: whole('minPasswordLength').optional(),
    PINHistoryCount: whole('pinHistoryCount').optional(),
    PINLifetime: whole('pinLifetime').optional(),
    MaximumLogonAttempts: whole('maximumLogonAttempts').nullable().optional(),
    AllowCommonPatterns: z.boolean({ error: 'AllowCommonPatterns must be true or false.' }).optional(),
  })
  .strict();

export const policyBody = policyChanges.extend({ Identity: z.string({ error: 'Identity is required, e.g. site:Redmond or a per-user policy name.' }).trim().min(1, 'Identity must not be empty.').max(128) }).strict();

export const grantBody = z
  .object({
    identity,
    policy: z.string({ error: 'policy must be a per-user policy name, or null for <Automatic>.' }).max(128).nullable(),
  })
  .strict();

/** ?whatIf=true|false (absent: false). */
export function parseWhatIf(params: URLSearchParams): boolean | string {
  const raw = params.get('whatIf');
  if (raw === null || raw === '' || /^false$/i.test(raw)) return false;
  if (/^true$/i.test(raw)) return true;
  return 'whatIf must be true or false.';
}

