/**
 * Generated PINs of a bulk job wait for their administrator encrypted (AES-256-GCM) with a
 * key derived from PIN_PEPPER by HKDF, so the database alone never reveals them, and no
 * new secret has to be deployed. Each ciphertext is bound to its job item (associated
 * data), so it cannot be moved to another user's row and still decrypt.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export type PinVault = {
  seal(pin: string, itemKey: string): string;
  /** Null when the ciphertext does not belong to `itemKey` or was tampered with. */
  open(sealed: string, itemKey: string): string | null;
};

export function createPinVault(pepper: Buffer): PinVault {
  const key = Buffer.from(hkdfSync('sha256', pepper, Buffer.alloc(0), 'pindesk bulk job results v1', 32));
  return {
    seal(pin, itemKey) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(itemKey));
      const body = Buffer.concat([cipher.update(pin, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64'), body.toString('base64'), cipher.getAuthTag().toString('base64')].join(':');
    },
    open(sealed, itemKey) {
      const [version, iv, body, tag] = sealed.split(':');
      if (version !== VERSION || !iv || !body || !tag) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        decipher.setAAD(Buffer.from(itemKey));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
