import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getAuditChainKey, MissingSecretError } from './secrets';

const saved = { ...process.env };
let root = '';

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'pindesk-secrets-'));
  process.env.PINDESK_ROOT = root;
  delete process.env.AUDIT_CHAIN_KEY;
  delete process.env.PINDESK_DEV_SECRETS;
});
afterEach(() => {
  vi.unstubAllEnvs();
  process.env = { ...saved };
  fs.rmSync(root, { recursive: true, force: true });
});

describe('getAuditChainKey', () => {
  it('is required in production: a start-up error that says how to make one', () => {
    vi.stubEnv('NODE_ENV', 'production');
    expect(() => getAuditChainKey()).toThrow(MissingSecretError);
    expect(() => getAuditChainKey()).toThrow(/AUDIT_CHAIN_KEY is not set.*openssl rand -base64 48.*stable/);
    expect(fs.existsSync(path.join(root, '.secrets'))).toBe(false);
  });

  it('is generated once into .secrets/ in development, and the same on every later read', () => {
    vi.stubEnv('NODE_ENV', 'development');
    const first = getAuditChainKey();
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(getAuditChainKey().equals(first)).toBe(true);
    const file = JSON.parse(fs.readFileSync(path.join(root, '.secrets', 'dev-secrets.json'), 'utf8'));
    expect(Buffer.from(file.AUDIT_CHAIN_KEY, 'base64').equals(first)).toBe(true);
  });

  it('takes the environment (base64 or text) and refuses one shorter than 32 bytes', () => {
    vi.stubEnv('NODE_ENV', 'production');
    process.env.AUDIT_CHAIN_KEY = Buffer.alloc(32, 7).toString('base64');
    expect(getAuditChainKey().equals(Buffer.alloc(32, 7))).toBe(true);
    process.env.AUDIT_CHAIN_KEY = 'a text key that is long enough, 40 bytes';
    expect(getAuditChainKey().toString('utf8')).toBe('a text key that is long enough, 40 bytes');
    process.env.AUDIT_CHAIN_KEY = 'short';
    expect(() => getAuditChainKey()).toThrow(/AUDIT_CHAIN_KEY is too short \(5 bytes\): it needs at least 32 bytes/);
  });
});
