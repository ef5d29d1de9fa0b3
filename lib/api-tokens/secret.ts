/**
 * Personal API token secrets: 32 random bytes, shown once, stored as SHA-256 (a secret of
 * that entropy needs no slow hash). The `pdt_` prefix tells them apart from bridge keys
 * (`pdk_`) in a leaked-secret scan and in the Authorization header.
 */
import { createHash, randomBytes } from 'node:crypto';

export const API_TOKEN_PREFIX = 'pdt_';

export function generateApiTokenSecret(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashApiTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** What the API tokens page shows of a token after creation: enough to recognise it, useless to an attacker. */
export function apiTokenDisplayPrefix(secret: string): string {
  return `${secret.slice(0, 10)}…`;
}

/** Whether a bearer value looks like one of our tokens (anything else is refused without a query). */
export function isApiTokenSecret(value: string): boolean {
  return value.startsWith(API_TOKEN_PREFIX) && value.length >= 40 && value.length <= 100 && /^[A-Za-z0-9_-]+$/.test(value);
}
