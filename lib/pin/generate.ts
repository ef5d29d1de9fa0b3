/**
 * Generated PINs (DOMAIN.md §4): cryptographically random digits, as many as the effective
 * policy's MinPasswordLength, never a common pattern (even where the policy allows them).
 * The history check needs the hasher and lives in the use case.
 */
import { randomInt as cryptoRandomInt } from 'node:crypto';
import { findCommonPatterns, type UserNumbers } from './pin-rules';

/** Draws candidates until one breaks no common-pattern rule and `accept` agrees. */
export async function drawPin(
  length: number,
  user: UserNumbers,
  accept: (pin: string) => Promise<boolean> | boolean = () => true,
  randomInt: (max: number) => number = cryptoRandomInt,
): Promise<string> {
  // Even at 4 digits most of the 10,000 candidates pass, so this ends within a few draws;
  // the cap only turns a broken random source into an error instead of a hang.
  for (let attempt = 0; attempt < 1000; attempt++) {
    let pin = '';
    for (let i = 0; i < length; i++) pin += String(randomInt(10));
    if (findCommonPatterns(pin, user).length === 0 && (await accept(pin))) return pin;
  }
  throw new Error('Could not generate a PIN that meets the policy: the random source looks broken.');
}
