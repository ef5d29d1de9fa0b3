/**
 * npm run bench:logon — PIN logon throughput through verifyPinLogon and the real store, as a
 * ratio of raw argon2id verify throughput measured in the same run at the same concurrency
 * (machines are noisy: only the ratio is comparable between runs). Goal: ≥ 0.85.
 *
 * Each engine gets a fresh database with BENCH_USERS users holding a PIN; rounds alternate
 * raw / store so drift hits both alike, and the median ratio is reported.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { hash, verify } from '@node-rs/argon2';
import { createDb } from '../lib/db/client';
import { createPinStore } from '../lib/db/pin-store';
import { createArgon2Hasher, defaultArgon2Params } from '../lib/pin/hasher';
import { verifyPinLogon } from '../lib/pin';
import { systemClock } from '../lib/pin/types';
import { projectRoot } from '../lib/config/project-root';
import { freshPostgresDatabase, postgresAvailable } from '../scripts/test-databases';
import { seedBenchUsers } from './bench-users';

const USERS = Number(process.env.BENCH_USERS ?? 200);
const OPS = Number(process.env.BENCH_OPS ?? 600);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const pepper = Buffer.alloc(32, 'bench-pepper');
const root = projectRoot();

async function runConcurrently(ops: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ops) await task(next++);
    }),
  );
  return ops / ((performance.now() - started) / 1000);
}

async function prepare(databaseUrl: string) {
  process.env.DATABASE_URL = databaseUrl;
  execFileSync('npx', ['tsx', 'scripts/migrate.ts'], { cwd: root, stdio: 'ignore', env: process.env });
  const handle = createDb();
  const hasher = createArgon2Hasher(pepper);
  const users = await seedBenchUsers(handle, hasher, USERS);
  return { db: handle.db, store: createPinStore(handle), hasher, users };
}

async function benchEngine(label: string, databaseUrl: string) {
  const { db, store, hasher, users } = await prepare(databaseUrl);
  const rawHash = await hash('48213', { ...defaultArgon2Params, algorithm: 2, secret: pepper });
  const deps = { store, hasher, clock: systemClock };
  const actor = { type: 'bridge' as const, id: 'bench', name: 'bench' };
  const ratios: number[] = [];
  let lastRaw = 0;
  let lastStore = 0;
  for (let round = 0; round < ROUNDS; round++) {
    lastRaw = await runConcurrently(OPS, CONCURRENCY, () => verify(rawHash, '48213', { secret: pepper }));
    lastStore = await runConcurrently(OPS, CONCURRENCY, async (i) => {
      const u = i % users.length;
      const result = await verifyPinLogon(deps, { identity: users[u].extension, pin: users[u].pin, actor });
      if (result.result !== 'accepted') throw new Error(`logon for ${users[u].extension} was ${result.result}`);
    });
    ratios.push(lastStore / lastRaw);
  }
  ratios.sort((a, b) => a - b);
  const median = ratios[Math.floor(ratios.length / 2)];
  console.log(
    `${label.padEnd(11)} raw argon2 verify ${lastRaw.toFixed(0)}/s · logon via store ${lastStore.toFixed(0)}/s · ratio ${median.toFixed(2)} (rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}; goal ≥ 0.85)`,
  );
  await db.$disconnect();
}

async function main() {
  console.log(`PIN logon benchmark: ${USERS} users, ${OPS} logons per round, concurrency ${CONCURRENCY}, ${ROUNDS} rounds`);
  const file = path.join(root, 'data', 'bench.db');
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  await benchEngine('SQLite', `file:${file}`);
  if (await postgresAvailable()) await benchEngine('PostgreSQL', await freshPostgresDatabase('pindesk_bench'));
  else console.warn('PostgreSQL is not reachable: its benchmark was skipped.');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
