/**
 * Brings the database DATABASE_URL names (default: the SQLite file under data/) up to the
 * latest migration with `prisma migrate deploy`, using that engine's config. Safe to run on
 * every start and from several instances at once (Prisma takes an advisory lock on
 * PostgreSQL; SQLite serializes writers).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { providerPaths } from '../prisma/providers';
import { databaseTarget } from '../lib/db/database-url';

const root = path.resolve(import.meta.dirname, '..');

export async function migrateDatabase(options: { quiet?: boolean } = {}): Promise<void> {
  const target = databaseTarget();
  const prisma = path.join(root, 'node_modules', '.bin', 'prisma');
  const args = ['migrate', 'deploy', '--config', providerPaths(target.provider).config];
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const preload = `--require ${path.join(root, 'scripts', 'unref-long-timers.cjs')}`;
    const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${preload}`.trim() };
    const child = spawn(prisma, args, { cwd: root, env });
    child.stdout.on('data', (chunk) => output.push(String(chunk)));
    child.stderr.on('data', (chunk) => output.push(String(chunk)));
    child.on('error', reject);
    child.on('exit', resolve);
  });
  const text = output.join('');
  if (code !== 0) {
    throw new Error(`Database migration failed (${target.provider}):\n${text.trim()}`);
  }
  if (!options.quiet) {
    const applied = /(\d+) migrations? found/.exec(text)?.[0] ?? 'migrations checked';
    console.log(`Database (${target.provider}) is up to date: ${applied}.`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  migrateDatabase().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
