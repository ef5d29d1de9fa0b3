/**
 * zod schemas of the scripting endpoints' bodies and query parameters. Property names follow
 * the cmdlets' parameters; a refusal names the field. Pure.
 */
import { z } from 'zod';
import { policyRanges } from '../pin/policy';
import { assertNoProblem } from '../validation/input-error';
import { inputLimits } from '../validation/input-limits';
import { hasUnstorableCharacter, hasUnusableCharacter, textInputProblem, unstorableCharacterMessage, unusableCharacterMessage } from '../validation/text';

const noControl = (name: string) => [(value: string) => !hasUnusableCharacter(value), unusableCharacterMessage(name)] as const;

const identity = z
  .string({ error: 'identity is required: a SIP address, UPN, domain\\account, display name or distinguished name.' })
  .trim()
  .min(1, 'identity must not be empty.')
  .max(inputLimits.identity, `identity can be at most ${inputLimits.identity} characters.`)
  .refine(...noControl('identity'));

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
    // A NUL cannot be stored on PostgreSQL; line breaks are fine in a description.
    Description: z
      .string({ error: 'Description must be text.' })
      .max(1024, 'Description can be at most 1024 characters.')
      .refine((v) => !hasUnstorableCharacter(v), unstorableCharacterMessage('Description'))
      .optional(),
    MinPasswordLength: whole('minPasswordLength').optional(),
    PINHistoryCount: whole('pinHistoryCount').optional(),
    PINLifetime: whole('pinLifetime').optional(),
    MaximumLogonAttempts: whole('maximumLogonAttempts').nullable().optional(),
    AllowCommonPatterns: z.boolean({ error: 'AllowCommonPatterns must be true or false.' }).optional(),
  })
  .strict();

export const policyBody = policyChanges
  .extend({
    Identity: z
      .string({ error: 'Identity is required, e.g. site:Redmond or a per-user policy name.' })
      .trim()
      .min(1, 'Identity must not be empty.')
      .max(inputLimits.policyIdentity, `Identity can be at most ${inputLimits.policyIdentity} characters.`)
      .refine(...noControl('Identity')),
  })
  .strict();

export const grantBody = z
  .object({
    identity,
    policy: z
      .string({ error: 'policy must be a per-user policy name, or null for <Automatic>.' })
      .max(inputLimits.policyIdentity, `policy can be at most ${inputLimits.policyIdentity} characters.`)
      .refine(...noControl('policy'))
      .nullable(),
  })
  .strict();

/**
 * A query parameter a script sends: refused (400) when longer than `max` or holding control
 * characters; absent is null.
 */
export function queryText(params: URLSearchParams, name: string, max: number): string | null {
  const value = params.get(name);
  if (value === null) return null;
  assertNoProblem(textInputProblem(name, value, max), name);
  return value;
}

/** ?whatIf=true|false (absent: false). */
export function parseWhatIf(params: URLSearchParams): boolean | string {
  const raw = params.get('whatIf');
  if (raw === null || raw === '' || /^false$/i.test(raw)) return false;
  if (/^true$/i.test(raw)) return true;
  return 'whatIf must be true or false.';
}
