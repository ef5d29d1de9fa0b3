/**
 * Generated PINs of a bulk job wait for their administrator encrypted (AES-256-GCM,
 * lib/config/secret-box.ts) with a key derived from PIN_PEPPER, so the database alone never
 * reveals them, and no new secret has to be deployed. Each ciphertext is bound to its job
 * item, so it cannot be moved to another user's row and still decrypt.
 */
import { createSecretBox } from '../config/secret-box';

export type PinVault = {
  seal(pin: string, itemKey: string): string;
  /** Null when the ciphertext does not belong to `itemKey` or was tampered with. */
  open(sealed: string, itemKey: string): string | null;
};

export function createPinVault(pepper: Buffer): PinVault {
  return createSecretBox(pepper, 'pindesk bulk job results v1');
}
