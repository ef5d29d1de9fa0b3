/**
 * e2e: one production build, then the Playwright suite once on SQLite and once on
 * PostgreSQL, each against a fresh database that `npm start` migrates and seeds
 * (PINDESK_SEED_DEMO=1: production seeds no demo directory unless asked).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../lib/config/project-root';
import { freshPostgresDatabase, postgresAvailable } from './test-databases';

const root = projectRoot();
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

const secrets = {
  NEXT_TELEMETRY_DISABLED: '1',
  AUTH_SECRET: 'e2e-auth-secret-not-for-production-0123456789abcdef',
  PIN_PEPPER: Buffer.alloc(32, 'e2e-pepper').toString('base64'),
  AUDIT_CHAIN_KEY: Buffer.alloc(32, 'e2e-audit-chain').toString('base64'),
  DIRECTORY_SECRET_KEY: Buffer.alloc(32, 'e2e-directory').toString('base64'),
  // The server runs with NODE_ENV=production, where the demo directory is seeded only on request.
  PINDESK_SEED_DEMO: '1',
  SEED_PASSWORD: 'e2e-Passw0rd!',
  SEED_BRIDGE_KEY: 'e2e-bridge-key-0123456789abcdef',
  // Every e2e sign-in comes from 127.0.0.1.
  SIGN_IN_LIMIT_PER_ADDRESS: '10000',
};

function run(command: string, args: string[], env: Record<string, string | undefined>) {
  execFileSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
}

/** PLAYWRIGHT_JSON_OUTPUT_NAME may contain ENGINE, replaced per run (scripts/test.ts reads both). */
function reportFor(engine: string): Record<string, string | undefined> {
  const name = process.env.PLAYWRIGHT_JSON_OUTPUT_NAME;
  return name ? { PLAYWRIGHT_JSON_OUTPUT_NAME: name.replaceAll('ENGINE', engine) } : {};
}

export async function runE2e(extraArgs: string[] = []): Promise<void> {
  console.log('\n== e2e: production build ==');
  run(bin('next'), ['build'], { NODE_ENV: 'production' });

  const sqliteFile = path.join(root, 'data', 'e2e.db');
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(sqliteFile + suffix, { force: true });
  console.log('\n== e2e on SQLite ==');
  run(bin('playwright'), ['test', ...extraArgs], { ...secrets, ...reportFor('sqlite'), DATABASE_URL: `file:${sqliteFile}`, NODE_ENV: 'production' });

  if (!(await postgresAvailable())) {
    console.warn('\n!!! PostgreSQL is not reachable: the e2e suite on PostgreSQL was SKIPPED. !!!\n');
    return;
  }
  console.log('\n== e2e on PostgreSQL ==');
  const url = await freshPostgresDatabase('pindesk_e2e');
  run(bin('playwright'), ['test', ...extraArgs], { ...secrets, ...reportFor('postgresql'), DATABASE_URL: url, NODE_ENV: 'production' });
}

if (path.resolve(process.argv[1] ?? '') === path.resolve(import.meta.filename)) {
  runE2e(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
