/**
 * The production server (server.ts) refuses to start with a TRUSTED_PROXIES, an audit chain
 * key or a checkpoint interval it cannot use, saying what is wrong and how to fix it, before
 * it loads Next.js or serves anything.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { productionServerArgs } from '../../scripts/production-server';

describe('server.ts start-up', () => {
  it.each([
    ['10.0.0.0/33', '"10.0.0.0/33" is not an IP address, a CIDR range or a hop count'],
    ['proxy.example.com', '"proxy.example.com" is not an IP address'],
    ['99', 'hop count must be from 0 to 32'],
  ])('stops with a clear message for TRUSTED_PROXIES=%j', (value, message) => {
    const result = spawnSync(process.execPath, productionServerArgs(['-p', '1']), {
      env: { ...process.env, TRUSTED_PROXIES: value },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('e.g. TRUSTED_PROXIES=10.0.0.0/8,127.0.0.1');
    expect(result.stdout).not.toContain('listening');
  });

  it.each<[Record<string, string>, string]>([
    [{ AUDIT_CHECKPOINT_MINUTES: '0' }, 'AUDIT_CHECKPOINT_MINUTES must be a whole number of minutes from 1 to 1440'],
    [{ NODE_ENV: 'production', AUDIT_CHAIN_KEY: '' }, 'AUDIT_CHAIN_KEY'],
  ])('stops with a clear message for %j', (settings, message) => {
    const result = spawnSync(process.execPath, productionServerArgs(['-p', '1']), {
      env: { ...process.env, ...settings } as NodeJS.ProcessEnv,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stdout).not.toContain('listening');
  });
});
