/**
 * Set-up shared by the benchmarks that load the production server over HTTP
 * (bench/logon-http.ts, bench/hostile-input.ts): the build, a fresh database per engine with
 * users whose PINs the bench knows and a bridge key, and server.ts on a free loopback port
 * with a pepper generated for this run, exactly as `npm start` runs it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createBridge } from '../lib/db/bridges';
import { createDb, type DbHandle } from '../lib/db/client';
import { databaseTarget } from '../lib/db/database-url';
import { projectRoot } from '../lib/config/project-root';
import { libuvThreadPoolSize } from '../lib/config/thread-pool';
import { argon2ParamsFromEnv } from '../lib/pin/hasher';
import type { PinHasher } from '../lib/pin/hasher';
import { hasProductionBuild, startProductionServer } from '../scripts/production-server';
import { freshPostgresDatabase, postgresAvailable } from '../scripts/test-databases';
import { seedBenchUsers, type BenchUser } from './bench-users';

const root = projectRoot();

// One pepper for this run, given to the server and used by the bench's own raw argon2.
export const pepperText = randomBytes(32).toString('base64');
export const pepper = Buffer.from(pepperText, 'base64');
export const argon2Params = argon2ParamsFromEnv();

export function ensureBuild() {
  if (hasProductionBuild()) return;
  console.log('No production build yet: running `next build` (about a minute)…');
  execFileSync(path.join(root, 'node_modules', '.bin', 'next'), ['build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
}

/** `fixed` (a port from the environment) when given, else one the system has free now. */
export function freePort(fixed?: string): Promise<number> {
  if (fixed) return Promise.resolve(Number(fixed));
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/**
 * Migrates `databaseUrl`, adds `userCount` users with known PINs and a bridge allowed
 * 1,000,000 requests a minute; `more` adds what else one bench needs, on the same connection.
 */
export async function prepareBenchDatabase<T = undefined>(
  databaseUrl: string,
  hasher: PinHasher,
  userCount: number,
  more?: (handle: DbHandle, users: BenchUser[]) => Promise<T>,
): Promise<{ users: BenchUser[]; key: string; more: T }> {
  execFileSync('npx', ['tsx', 'scripts/migrate.ts'], { cwd: root, stdio: 'ignore', env: { ...process.env, DATABASE_URL: databaseUrl } });
  const handle = createDb(databaseTarget(databaseUrl));
  try {
    const users = await seedBenchUsers(handle, hasher, userCount);
    const { key } = await createBridge(
      handle,
      { name: 'bench-bridge', allowedSources: [], ratePerMinute: 1_000_000 },
      { actor: { type: 'system', name: 'bench' } },
    );
    return { users, key, more: (more ? await more(handle, users) : undefined) as T };
  } finally {
    await handle.db.$disconnect();
  }
}

/** server.ts on the production build with `databaseUrl`, this run's pepper and fresh secrets (server.ts never seeds). */
export async function startBenchServer(port: number, databaseUrl: string, nodeFlags: string[] = []) {
  return startProductionServer(
    port,
    {
      DATABASE_URL: databaseUrl,
      PIN_PEPPER: pepperText,
      AUTH_SECRET: randomBytes(48).toString('base64'),
      AUDIT_CHAIN_KEY: randomBytes(48).toString('base64'),
    },
    nodeFlags,
  );
}

/**
 * Runs `bench` on a fresh SQLite file data/<sqliteName>.db and, when reachable, a fresh
 * PostgreSQL database <postgresName> (plus TEST_DB_SUFFIX), as far as `engines` names them.
 */
export async function forEachEngine(
  engines: string[],
  names: { sqlite: string; postgres: string },
  bench: (label: string, databaseUrl: string) => Promise<void>,
) {
  if (engines.includes('sqlite')) {
    const file = path.join(root, 'data', `${names.sqlite}.db`);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    await bench('SQLite', `file:${file}`);
  }
  if (engines.includes('postgresql')) {
    if (await postgresAvailable()) await bench('PostgreSQL', await freshPostgresDatabase(names.postgres));
    else console.warn('PostgreSQL is not reachable: its benchmark was skipped.');
  }
}

/**
 * The bench's raw argon2 must run on as many libuv threads as the server's does: on 2 cores, 4
 * threads verified 216/s where 2 verified 243/s. libuv sizes its pool once, before the bench
 * file runs, so the bench runs itself again with the server's size when this process has another.
 */
export function rerunWithServerThreadPool(): void {
  const size = String(libuvThreadPoolSize());
  if (process.env.UV_THREADPOOL_SIZE === size) return;
  const rerun = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, UV_THREADPOOL_SIZE: size },
  });
  process.exit(rerun.status ?? 1);
}

/** The bench's entry point: exit 0 when `main` resolves, else print its message and exit 1. */
export function runBench(main: () => Promise<void>) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
