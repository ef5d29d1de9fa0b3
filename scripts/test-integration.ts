/**
 * Integration suite: the same Vitest files once on SQLite and once on PostgreSQL, each on a
 * fresh database migrated from empty. Without a reachable PostgreSQL the second run is
 * skipped, and says so loudly.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../lib/config/project-root';
import { freshPostgresDatabase, postgresAvailable } from './test-databases';

const root = projectRoot();
const vitest = path.join(root, 'node_modules', '.bin', 'vitest');
const env = {
  PIN_PEPPER: Buffer.alloc(32, 'integration').toString('base64'),
  AUTH_SECRET: 'integration-auth-secret-0123456789',
  AUDIT_CHAIN_KEY: Buffer.alloc(32, 'integration-audit').toString('base64'),
};

/** ENGINE in an argument (a report file name) becomes the engine's name. */
const forEngine = (args: string[], engine: string) => args.map((a) => a.replaceAll('ENGINE', engine));

function runSuite(databaseUrl: string, args: string[]) {
  const common = { cwd: root, stdio: 'inherit' as const, env: { ...process.env, ...env, DATABASE_URL: databaseUrl } };
  execFileSync('npx', ['tsx', 'scripts/migrate.ts'], common);
  execFileSync(vitest, ['run', '--project', 'integration', ...args], common);
}

export async function runIntegration(args: string[] = []): Promise<void> {
  const file = path.join(root, 'data', 'integration.db');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  console.log('\n== integration on SQLite ==');
  runSuite(`file:${file}`, forEngine(args, 'sqlite'));

  if (!(await postgresAvailable())) {
    console.warn('\n!!! PostgreSQL is not reachable: the integration suite on PostgreSQL was SKIPPED. !!!\n');
    return;
  }
  console.log('\n== integration on PostgreSQL ==');
  runSuite(await freshPostgresDatabase('pindesk_integration'), forEngine(args, 'postgresql'));
}

if (path.resolve(process.argv[1] ?? '') === path.resolve(import.meta.filename)) {
  runIntegration(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
