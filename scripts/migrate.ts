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

/** The `prisma migrate deploy` process for the engine DATABASE_URL names (the migrations test runs it too). */
export function migrateDeployCommand(env: NodeJS.ProcessEnv = process.env) {
  const target = databaseTarget(env.DATABASE_URL);
  const preload = `--require ${path.join(root, 'scripts', 'unref-long-timers.cjs')}`;
  return {
    target,
    command: path.join(root, 'node_modules', '.bin', 'prisma'),
    args: ['migrate', 'deploy', '--config', providerPaths(target.provider).config],
    env: { ...env, PRISMA_HIDE_UPDATE_MESSAGE: '1', NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} ${preload}`.trim() },
  };
}

export async function migrateDatabase(options: { quiet?: boolean } = {}): Promise<void> {
  const { target, command, args, env } = migrateDeployCommand();
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env });
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
