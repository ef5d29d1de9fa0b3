/**
 * The secrets the app needs: AUTH_SECRET (Auth.js session signing) and PIN_PEPPER (the
 * argon2 secret of PIN hashes, DOMAIN.md §9). Production takes them from the environment
 * and refuses to start without them; development generates them once into .secrets/
 * (git-ignored) so that `npm install && npm start` just works.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { projectRoot } from './project-root';

const devSecretsFile = () => path.join(projectRoot(), '.secrets', 'dev-secrets.json');

type SecretName = 'AUTH_SECRET' | 'PIN_PEPPER';

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

/** The secret from the environment, else (outside production) from the development file. */
export function getSecret(name: SecretName): string {
  const fromEnv = process.env[name];
  if (fromEnv) return fromEnv;
  if (isProduction()) {
    throw new MissingSecretError(
      `${name} is not set. In production PinDesk needs it from the environment: generate one with \`openssl rand -base64 48\` and keep it secret${name === 'PIN_PEPPER' ? ' and stable (PIN hashes cannot be verified without it)' : ''}.`,
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

/** The pepper as bytes; base64 or plain text are both accepted, at least 32 bytes. */
export function getPinPepper(): Buffer {
  const raw = getSecret('PIN_PEPPER');
  const decoded = /^[A-Za-z0-9+/]+=*$/.test(raw) && raw.length % 4 === 0 ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  return decoded.length >= 32 ? decoded : Buffer.from(raw, 'utf8');
}
