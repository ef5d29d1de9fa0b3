/**
 * No demo accounts in production: what start does with an empty database, on a database of
 * its own per engine (the shared one has users, and start never seeds over users).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../lib/db/client';
import { databaseTarget } from '../../lib/db/database-url';
import { freshPostgresDatabase } from '../../scripts/test-databases';
import { seedIfEmpty } from '../../scripts/seed-if-empty';
import { target } from './helpers';

const run = promisify(execFile);
const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pindesk-seed-'));
let handle: DbHandle;

beforeAll(async () => {
  const url = target.provider === 'sqlite' ? `file:${path.join(tmp, 'seed.db')}` : await freshPostgresDatabase('pindesk_demo_seed');
  await run(tsx, ['scripts/migrate.ts'], { env: { ...process.env, DATABASE_URL: url } });
  handle = createDb(databaseTarget(url));
});
afterAll(async () => {
  await handle?.db.$disconnect();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe(`demo directory at start on ${target.provider}`, () => {
  it('with NODE_ENV=production an empty database gets no users, and start says so and why', async () => {
    const lines: string[] = [];
    expect(await seedIfEmpty({ env: { NODE_ENV: 'production' }, handle, users: 50, log: (l) => lines.push(l) })).toBe(false);
    expect(await handle.db.directoryUser.count()).toBe(0);
    expect(await handle.db.roleAssignment.count()).toBe(0);
    expect(lines.join('\n')).toMatch(/The database is empty and the demo directory is not seeded: NODE_ENV=production \(set PINDESK_SEED_DEMO=1/);
    expect(lines.join('\n')).toMatch(/no way to create the first administrator other than the demo seed/);
  });

  it('a PINDESK_SEED_DEMO other than 0 or 1 fails before anything is written', async () => {
    await expect(seedIfEmpty({ env: { NODE_ENV: 'production', PINDESK_SEED_DEMO: 'yes' }, handle, users: 50, log: () => {} })).rejects.toThrow(
      /PINDESK_SEED_DEMO must be 1 .* or 0/,
    );
    expect(await handle.db.directoryUser.count()).toBe(0);
  });

  it('with NODE_ENV=production and PINDESK_SEED_DEMO=1 but no SEED_PASSWORD it refuses, rather than print a password to the log', async () => {
    const lines: string[] = [];
    await expect(seedIfEmpty({ env: { NODE_ENV: 'production', PINDESK_SEED_DEMO: '1' }, handle, users: 50, log: (l) => lines.push(l) })).rejects.toThrow(
      /needs SEED_PASSWORD/,
    );
    expect(await handle.db.directoryUser.count()).toBe(0);
    expect(lines.filter((line) => /password/i.test(line) && !/SEED_PASSWORD/.test(line))).toEqual([]);
  });

  it('with NODE_ENV=production and PINDESK_SEED_DEMO=1 it seeds the demo directory, and its log never holds the password', async () => {
    const lines: string[] = [];
    const env = { NODE_ENV: 'production', PINDESK_SEED_DEMO: '1', SEED_PASSWORD: 'Seeded-In-Production-1' };
    expect(await seedIfEmpty({ env, handle, users: 50, log: (l) => lines.push(l) })).toBe(true);
    expect(lines.join('\n')).toContain('Password: the value of SEED_PASSWORD.');
    expect(lines.join('\n')).not.toContain(env.SEED_PASSWORD);
    expect(await handle.db.directoryUser.count()).toBe(50);
    expect(await handle.db.roleAssignment.count()).toBeGreaterThanOrEqual(4);
    expect(lines[0]).toMatch(/seeding the litwareinc.com demo directory \(PINDESK_SEED_DEMO=1\)/);
  }, 120_000);
});
