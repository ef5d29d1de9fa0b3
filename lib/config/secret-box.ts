/**
 * Authenticated encryption of small secrets at rest (AES-256-GCM, a fresh 96-bit IV each
 * time), bound to what they belong to by associated data, so a ciphertext copied to another
 * row does not decrypt. The key is derived by HKDF from a deployment secret and a purpose, so
 * one secret can serve several boxes without their keys being related.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export type SecretBox = {
  seal(plaintext: string, boundTo: string): string;
  /** Null when the ciphertext does not belong to `boundTo`, was tampered with, or was sealed with another key. */
  open(sealed: string, boundTo: string): string | null;
};

export function createSecretBox(secret: Buffer, purpose: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), purpose, 32));
  return {
    seal(plaintext, boundTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(boundTo));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64'), body.toString('base64'), cipher.getAuthTag().toString('base64')].join(':');
    },
    open(sealed, boundTo) {
      const [version, iv, body, tag] = sealed.split(':');
      if (version !== VERSION || !iv || !body || !tag) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        decipher.setAAD(Buffer.from(boundTo));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
