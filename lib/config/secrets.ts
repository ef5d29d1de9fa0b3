/**
 * The secrets the app needs: AUTH_SECRET (Auth.js session signing), PIN_PEPPER (the
 * argon2 secret of PIN hashes, DOMAIN.md §9) and AUDIT_CHAIN_KEY (the HMAC key of the audit
 * trail's hash chain and of its checkpoints, lib/audit/chain.ts) and DIRECTORY_SECRET_KEY (the
 * key that encrypts directory bind passwords at rest, lib/directory/bind-password.ts). Production takes them from the environment
 * and refuses to start without them; development generates them once into .secrets/
 * (git-ignored) so that `npm install && npm start` just works.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { projectRoot } from './project-root';

const devSecretsFile = () => path.join(projectRoot(), '.secrets', 'dev-secrets.json');

type SecretName = 'AUTH_SECRET' | 'PIN_PEPPER' | 'AUDIT_CHAIN_KEY' | 'DIRECTORY_SECRET_KEY';

export class MissingSecretError extends Error {}

function isProduction(): boolean {
  return process.env.NODE_ENV === 'production' && process.env.PINDESK_DEV_SECRETS !== '1';
}

function readDevSecrets(): Partial<Record<SecretName, string>> {
  try {
    return JSON.parse(fs.readFileSync(devSecretsFile(), 'utf8'));
  } catch {
    return {};
  }
}

const stableBecause: Partial<Record<SecretName, string>> = {
  PIN_PEPPER: 'PIN hashes cannot be verified without it',
  AUDIT_CHAIN_KEY: 'the audit trail and its checkpoints cannot be verified without it',
  DIRECTORY_SECRET_KEY: 'stored directory bind passwords cannot be decrypted without it',
};

/** The secret from the environment, else (outside production) from the development file. */
export function getSecret(name: SecretName): string {
  const fromEnv = process.env[name];
  if (fromEnv) return fromEnv;
  if (isProduction()) {
    throw new MissingSecretError(
      `${name} is not set. In production PinDesk needs it from the environment: generate one with \`openssl rand -base64 48\` and keep it secret${stableBecause[name] ? ` and stable (${stableBecause[name]})` : ''}.`,
    );
  }
  const secrets = readDevSecrets();
  if (!secrets[name]) {
    secrets[name] = randomBytes(48).toString('base64');
    fs.mkdirSync(path.dirname(devSecretsFile()), { recursive: true, mode: 0o700 });
    fs.writeFileSync(devSecretsFile(), JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets[name]!;
}

/** A secret as bytes: base64 of at least 32 bytes, else the text itself. */
function secretBytes(raw: string): Buffer {
  const decoded = /^[A-Za-z0-9+/]+=*$/.test(raw) && raw.length % 4 === 0 ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  return decoded.length >= 32 ? decoded : Buffer.from(raw, 'utf8');
}

/** The pepper as bytes; base64 or plain text are both accepted, at least 32 bytes. */
export function getPinPepper(): Buffer {
  return secretBytes(getSecret('PIN_PEPPER'));
}

/** A key of at least 32 bytes (base64 or text): a shorter one is refused, as a missing one is. */
function keyOfAtLeast32Bytes(name: 'AUDIT_CHAIN_KEY' | 'DIRECTORY_SECRET_KEY'): Buffer {
  const key = secretBytes(getSecret(name));
  if (key.length < 32) {
    throw new MissingSecretError(`${name} is too short (${key.length} bytes): it needs at least 32 bytes. Generate one with \`openssl rand -base64 48\`.`);
  }
  return key;
}

/** The audit chain key: a short key would make the HMAC guessable for whoever can read the database. */
export function getAuditChainKey(): Buffer {
  return keyOfAtLeast32Bytes('AUDIT_CHAIN_KEY');
}

/** The key of stored directory bind passwords. */
export function getDirectorySecretKey(): Buffer {
  return keyOfAtLeast32Bytes('DIRECTORY_SECRET_KEY');
}
