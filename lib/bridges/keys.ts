/**
 * Bridge API keys: 32 random bytes, shown once, stored as SHA-256. A key has far more
 * entropy than any password, so a fast hash is the right one here: it keeps key checks off
 * the logon hot path's CPU budget, which argon2 is reserved for.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'pdk_';
const MIN_KEY_LENGTH = 24;

export function generateBridgeKey(): string {
  return `${PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashBridgeKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** What the Bridges page shows of a key after it was issued. */
export function displayPrefix(key: string): string {
  return `${key.slice(0, 12)}…`;
}

export function isPlausibleKey(key: string): boolean {
  return key.length >= MIN_KEY_LENGTH && key.length <= 256 && /^[\x21-\x7e]+$/.test(key);
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The bearer token of an Authorization header, or null. */
export function bearerToken(header: string | null): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}
