/**
 * What the audit trail records of text typed at a prompt that matched no account or caller
 * (DOMAIN.md §8: no PIN, password or key in the audit). Such text may be a secret typed into
 * the wrong field — a password pasted into the email field, a PIN keyed at the identity
 * prompt — so only a masked form is kept: a few leading characters and a short keyed hash.
 * The hash is an HMAC under a key derived from PIN_PEPPER (HKDF, its own label), so the same
 * input always gives the same mask (an administrator can tell repeated attempts apart from
 * many different ones) while nobody without the pepper can test guesses against it.
 */
import { createHmac, hkdfSync } from 'node:crypto';

const MASK_KEY_LABEL = 'pindesk audit typed-text mask v1';
/** Hex characters of the HMAC kept: 32 bits, plenty to correlate attempts, too short to be a lookup key. */
const HASH_CHARS = 8;
const MAX_SHOWN = 3;

export type TypedTextMask = (typed: string) => string;

export function createTypedTextMask(pepper: Uint8Array): TypedTextMask {
  const key = Buffer.from(hkdfSync('sha256', pepper, Buffer.alloc(0), MASK_KEY_LABEL, 32));
  return (typed) => {
    const characters = Array.from(typed);
    // At most three characters, and never more than a quarter of the input: a 4-digit PIN
    // keyed at the identity prompt shows one digit, not three.
    const shown = characters.slice(0, Math.min(MAX_SHOWN, Math.floor(characters.length / 4))).join('');
    const hash = createHmac('sha256', key).update(typed, 'utf8').digest('hex').slice(0, HASH_CHARS);
    return `${shown}…${hash}`;
  };
}
