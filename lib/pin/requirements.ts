/** A policy's rules for a new PIN, in plain words for the person choosing one (self-service page). */
import { MAX_PIN_LENGTH } from './policy';
import type { PinPolicy } from './types';

export function describePinRequirements(policy: PinPolicy): string[] {
  const rules = [`at least ${policy.minPasswordLength} digits (at most ${MAX_PIN_LENGTH}), digits 0-9 only`];
  if (!policy.allowCommonPatterns) {
    rules.push('no repeated digits or repeated blocks (like 225577 or 408408)');
    rules.push('no 4 or more consecutive digits (like 1234 or 9876)');
    rules.push('not your phone number or extension');
    rules.push('not one of the most common PINs or keypad shapes (like 2580)');
  }
  if (policy.pinHistoryCount > 0) {
    rules.push(policy.pinHistoryCount === 1 ? 'not your current PIN' : `not one of your last ${policy.pinHistoryCount} PINs`);
  }
  if (policy.pinLifetime > 0) rules.push(`it expires after ${policy.pinLifetime} day${policy.pinLifetime === 1 ? '' : 's'}; then set a new one here`);
  return rules;
}
