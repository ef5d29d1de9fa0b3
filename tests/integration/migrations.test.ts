/**
 * `migrate deploy` from an empty database on the engine under test, through the offline
 * JS schema engine and our adapter fixes (lib/db/adapters.ts): every table of the data model
 * appears (and no other), a second run is a no-op, and the CLI process exits promptly.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../lib/db/client';
import { databaseTarget } from '../../lib/db/database-url';
import { Prisma as PostgresPrisma } from '../../lib/db/generated/postgresql/index.js';
import { Prisma as SqlitePrisma } from '../../lib/db/generated/sqlite/index.js';
import { freshPostgresDatabase } from '../../scripts/test-databases';
import { migrateDeployCommand } from '../../scripts/migrate';
import { target } from './helpers';

const run = promisify(execFile);
const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');

/** One table per model of the engine's generated client, named as its @@map says: a new model cannot be missed. */
const expectedTables = (target.provider === 'postgresql' ? PostgresPrisma : SqlitePrisma).dmmf.datamodel.models
  .map((model) => model.dbName ?? model.name)
  .sort();

/** Tables the engine or the migration tool keep for themselves. */
const bookkeeping = (name: string) => name === '_prisma_migrations' || name.startsWith('sqlite_');

async function emptyDatabaseUrl(): Promise<string> {
  if (target.provider === 'sqlite') return `file:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pindesk-migrate-')), 'empty.db')}`;
  return freshPostgresDatabase('pindesk_migrate_check');
}

/** Milliseconds between a process's last output and its exit. */
function lingerAfterOutput({ command, args, env }: { command: string; args: string[]; env: NodeJS.ProcessEnv }): Promise<number> {
  return new Promise((resolve, reject) => {
    let lastOutputAt = performance.now();
    const child = spawn(command, args, { env });
    const seen = () => {
      lastOutputAt = performance.now();
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - lastOutputAt) : reject(new Error(`${command} exited with ${code}`))));
  });
}

describe(`migrations on ${target.provider}`, () => {
  it('deploy from empty creates every table, and a second run changes nothing', async () => {
    const url = await emptyDatabaseUrl();
    const env = { ...process.env, DATABASE_URL: url };
    await run(tsx, ['scripts/migrate.ts'], { env });
    // The wasm engine can leave timers that keep a CLI alive for a minute after its work is
    // done; ours must exit once it has said so. Measured from its last output, not from its
    // start, so a busy machine's slower migration does not count.
    expect(await lingerAfterOutput(migrateDeployCommand(env))).toBeLessThan(5_000);

    const fresh = createDb(databaseTarget(url)).db;
    const tables =
      target.provider === 'sqlite'
        ? await fresh.$queryRawUnsafe<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table'")
        : await fresh.$queryRawUnsafe<{ name: string }[]>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'");
    const names = tables.map((t) => t.name).filter((name) => !bookkeeping(name));
    expect(names.sort()).toEqual(expectedTables);
    const applied = await fresh.$queryRawUnsafe<{ n: number | bigint }[]>('SELECT COUNT(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL');
    expect(Number(applied[0].n)).toBe(fs.readdirSync(path.join('prisma', target.provider, 'migrations')).filter((d) => /^\d/.test(d)).length);
    await fresh.$disconnect();
  });
});
