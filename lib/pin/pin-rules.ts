/**
 * Is this string an acceptable PIN for this user under this policy (DOMAIN.md §4)?
 * Pure functions: no hashing, no store. History and locks are checked by the use cases.
 */
import { commonPins } from './common-pins';
import { PinError } from './errors';
import { MAX_PIN_LENGTH } from './policy';
import type { DirectoryUserRecord, PinPolicy } from './types';

/** The common-pattern rules, by the name each rejection carries in details.rule. */
export type CommonPatternRule = 'repeating-digits' | 'consecutive-digits' | 'phone-or-extension' | 'common-pin';

export const commonPatternMessages: Record<CommonPatternRule, string> = {
  'repeating-digits':
    'The PIN is a repeating pattern (only pairs or runs of the same digit, like 225577, or one block repeated, like 408408). Choose digits that do not repeat that way.',
  'consecutive-digits': 'The PIN contains 4 or more consecutive digits in ascending or descending order (like 1234 or 9876). Break up the sequence.',
  'phone-or-extension':
    "The PIN matches the user's phone number or extension (the extension, the extension reversed, or part of a phone number). Choose digits unrelated to the user's numbers.",
  'common-pin': 'The PIN is on the list of the most commonly used PINs and keypad shapes (like 2580 or 1379). Choose a less predictable PIN.',
};

const ASCII_DIGITS = /^[0-9]+$/;

/** The checks on format and length alone, shared by logon input validation. */
export function checkPinFormat(pin: string, minLength: number): PinError | null {
  if (typeof pin !== 'string' || pin.length === 0) {
    return new PinError('PIN_NOT_DIGITS', 'Enter a PIN: digits 0-9 only.');
  }
  if (!ASCII_DIGITS.test(pin)) {
    return new PinError('PIN_NOT_DIGITS', 'The PIN may contain only the digits 0-9 (no letters, spaces, signs or other characters).');
  }
  if (pin.length > MAX_PIN_LENGTH) {
    return new PinError('PIN_TOO_LONG', `The PIN can be at most ${MAX_PIN_LENGTH} digits long.`, { max: MAX_PIN_LENGTH });
  }
  if (pin.length < minLength) {
    return new PinError('PIN_TOO_SHORT', `The PIN must be at least ${minLength} digits long.`, { min: minLength });
  }
  return null;
}

/** The user attributes rule 3 compares against. */
export type UserNumbers = Pick<DirectoryUserRecord, 'extension' | 'lineUri' | 'otherPhones'>;

/** Every common-pattern rule the PIN breaks, in the order of DOMAIN.md §4. */
export function findCommonPatterns(pin: string, user: UserNumbers): CommonPatternRule[] {
  const broken: CommonPatternRule[] = [];
  if (isRepeatingPattern(pin)) broken.push('repeating-digits');
  if (hasConsecutiveRun(pin, 4)) broken.push('consecutive-digits');
  if (matchesUserNumbers(pin, user)) broken.push('phone-or-extension');
  if (commonPins.has(pin)) broken.push('common-pin');
  return broken;
}

/**
 * Validates a candidate PIN for a user: ASCII digits, length between the policy's
 * MinPasswordLength and 24, and (unless AllowCommonPatterns) no common pattern.
 * Throws a PinError naming the first rule that fails.
 */
export function assertValidPin(pin: string, policy: PinPolicy, user: UserNumbers): void {
  const formatError = checkPinFormat(pin, policy.minPasswordLength);
  if (formatError) throw formatError;
  if (policy.allowCommonPatterns) return;
  const [rule] = findCommonPatterns(pin, user);
  if (rule) throw new PinError('PIN_COMMON_PATTERN', commonPatternMessages[rule], { rule });
}

/** Rule 1: only runs of 2+ equal digits (222222, 225577), or one block repeated (408408, 1212). */
export function isRepeatingPattern(pin: string): boolean {
  return /^(?:(\d)\1+)+$/.test(pin) || /^(\d+)\1+$/.test(pin);
}

/** Rule 2: `length` or more digits each one more (or each one less) than the previous. */
export function hasConsecutiveRun(pin: string, length: number): boolean {
  let up = 1;
  let down = 1;
  for (let i = 1; i < pin.length; i++) {
    const step = pin.charCodeAt(i) - pin.charCodeAt(i - 1);
    up = step === 1 ? up + 1 : 1;
    down = step === -1 ? down + 1 : 1;
    if (up >= length || down >= length) return true;
  }
  return false;
}

/** Rule 3: equals the extension or its reverse, or appears in the digits of a phone number. */
export function matchesUserNumbers(pin: string, user: UserNumbers): boolean {
  const extension = user.extension.replace(/\D/g, '');
  if (extension && (pin === extension || pin === [...extension].reverse().join(''))) return true;
  return [user.lineUri, ...user.otherPhones].some((number) => phoneDigits(number).includes(pin));
}

/** The digits of a phone number or line URI, without the extension part. */
export function phoneDigits(number: string): string {
  return number.replace(/;ext=.*$/i, '').replace(/\D/g, '');
}
