/**
 * `npm run db:new-migration -- <name> [--from <git-ref>]`: after an edit of
 * prisma/models.prisma, writes the migration of each engine whose schema changed,
 * prisma/<engine>/migrations/<timestamp>_<name>/migration.sql, and regenerates the
 * per-engine schemas and clients.
 *
 * The SQL is `prisma migrate diff` between the models of <git-ref> (default HEAD: the last
 * committed, and so migrated, model) and the working copy, both rendered per engine by
 * prisma/generate.ts. Diffing two schema files needs no database. Refuses when neither
 * engine changed, and while a migration folder is not committed yet (its change is not in
 * HEAD's model, so it would be written again). Afterwards it replays the SQLite migrations
 * (in memory) and warns if they still do not reach the schema, e.g. because <git-ref>
 * already held unmigrated changes.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateClients, schemaFor, writeSchemas } from './generate';
import { providerPaths, providers, type Provider } from './providers';
import { projectRoot } from '../lib/config/project-root';
import { testPostgresUrl } from '../scripts/test-databases';

const root = projectRoot();
const prismaBin = path.join(root, 'node_modules', '.bin', 'prisma');

const usage = `Usage: npm run db:new-migration -- <name> [--from <git-ref>]

Writes prisma/<engine>/migrations/<timestamp>_<name>/migration.sql for each engine whose schema
differs between prisma/models.prisma at <git-ref> (default HEAD) and the working copy, and
regenerates the per-engine schemas and clients. <name>: lower case letters, digits, _.`;

class UsageError extends Error {}

/** A database of the engine for the config to connect to; nothing is written to it. */
function cliDatabaseUrl(provider: Provider, dir: string): string {
  return provider === 'sqlite' ? `file:${path.join(dir, 'unused.db')}` : testPostgresUrl;
}

function runPrisma(provider: Provider, args: string[], dir: string): string {
  // The wasm schema engine leaves long timers behind; unref them so the CLI exits promptly.
  const preload = `--require ${path.join(root, 'scripts', 'unref-long-timers.cjs')}`;
  const result = spawnSync(prismaBin, [...args, '--config', providerPaths(provider).config], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      DATABASE_URL: cliDatabaseUrl(provider, dir),
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${preload}`.trim(),
    },
  });
  if (result.status !== 0) {
    const hint = provider === 'postgresql' ? `\n(The PostgreSQL CLI needs a reachable server: TEST_POSTGRES_URL=${testPostgresUrl}.)` : '';
    throw new Error(`prisma ${args.slice(0, 2).join(' ')} failed for ${provider}:\n${`${result.stdout}\n${result.stderr}`.trim()}${hint}`);
  }
  return result.stdout
    .split('\n')
    .filter((line) => !line.startsWith('Loaded Prisma config'))
    .join('\n')
    .trim();
}

/** SQL without comments and blank lines: empty when nothing changed. */
const statementsOf = (sql: string) =>
  sql
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('--'))
    .join('\n');

function timestamp(): string {
  const now = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  // Never at or before an existing migration (they apply in name order).
  const latest = providers
    .flatMap((provider) => (fs.existsSync(providerPaths(provider).migrations) ? fs.readdirSync(providerPaths(provider).migrations) : []))
    .map((name) => /^(\d{14})_/.exec(name)?.[1])
    .filter((stamp): stamp is string => stamp !== undefined)
    .sort()
    .at(-1);
  if (latest === undefined || now > latest) return now;
  return String(BigInt(latest) + 1n);
}

function modelsAt(ref: string): string {
  const result = spawnSync('git', ['show', `${ref}:prisma/models.prisma`], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new UsageError(`Cannot read prisma/models.prisma at "${ref}": ${result.stderr.trim()}`);
  return result.stdout;
}

/** Migration files that git does not have committed. */
function uncommittedMigrations(): string[] {
  const folders = providers.map((provider) => path.relative(root, providerPaths(provider).migrations));
  const result = spawnSync('git', ['status', '--porcelain', '--untracked-files=all', '--', ...folders], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) return [];
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(3));
}

function main(): number {
  let name: string;
  let ref: string;
  try {
    const { values, positionals } = parseArgs({
      args: process.argv.slice(2),
      options: { from: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
    if (values.help) {
      console.log(usage);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('Give exactly one migration name.');
    name = positionals[0];
    if (!/^[a-z0-9][a-z0-9_]*$/.test(name)) throw new UsageError(`"${name}" is not a migration name: use lower case letters, digits and _.`);
    ref = values.from ?? 'HEAD';
  } catch (error) {
    console.error(`db:new-migration: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return 2;
  }

  const pending = uncommittedMigrations();
  if (pending.length > 0 && ref === 'HEAD') {
    console.error(
      `db:new-migration: these migration files are not committed:\n  ${pending.join('\n  ')}\n` +
        `Their changes are not in HEAD's model, so they would be written again. Commit them first, ` +
        `or delete them to write one migration with all changes since HEAD.`,
    );
    return 1;
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pindesk-new-migration-'));
  try {
    let previous: string;
    try {
      previous = modelsAt(ref);
    } catch (error) {
      console.error(`db:new-migration: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }
    writeSchemas();

    const changes = new Map<Provider, string>();
    for (const provider of providers) {
      const before = path.join(dir, `${provider}.before.prisma`);
      fs.writeFileSync(before, schemaFor(provider, previous));
      const sql = runPrisma(
        provider,
        ['migrate', 'diff', '--from-schema-datamodel', before, '--to-schema-datamodel', providerPaths(provider).schema, '--script'],
        dir,
      );
      if (statementsOf(sql) !== '') changes.set(provider, `${sql}\n`);
    }
    if (changes.size === 0) {
      console.error(
        `db:new-migration: prisma/models.prisma gives the same schema as at ${ref} on every engine: there is nothing to migrate.\n` +
          `Edit the model first; if the change is already committed, name the commit before it with --from <git-ref>.`,
      );
      return 1;
    }

    const folder = `${timestamp()}_${name}`;
    for (const [provider, sql] of changes) {
      const target = path.join(providerPaths(provider).migrations, folder);
      fs.mkdirSync(target, { recursive: true });
      fs.writeFileSync(path.join(target, 'migration.sql'), sql);
      console.log(`${path.relative(root, path.join(target, 'migration.sql'))}:\n${sql}`);
    }
    for (const provider of providers) {
      if (!changes.has(provider)) console.log(`No change on ${provider}: no migration written for it.`);
    }

    generateClients();
    console.log('Prisma clients regenerated.');

    // The SQLite migrations, replayed on an in-memory shadow database, must now give the schema.
    const drift = runPrisma(
      'sqlite',
      ['migrate', 'diff', '--from-migrations', providerPaths('sqlite').migrations, '--to-schema-datamodel', providerPaths('sqlite').schema, '--script'],
      dir,
    );
    if (statementsOf(drift) !== '') {
      console.warn(
        `\nWarning: the SQLite migrations still do not reach prisma/models.prisma; missing:\n${drift}\nWas the model at ${ref} already ahead of its migrations? Try --from <an earlier ref>.`,
      );
      return 1;
    }
    return 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`db:new-migration: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
