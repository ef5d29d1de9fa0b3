/**
 * npm run bench:overview — the Overview page's data (readOverview: the tiles from the users'
 * PIN state, the charts and "most failed logons" from the hourly counts) on a 100,000-user
 * demo directory with 1,000,000 audit events: p50/p95, and the ratio of its p95 to that of a
 * plain `SELECT COUNT(*) FROM directory_user` through the same executor in the same run.
 * Goal: p95 ≤ 200 ms on SQLite and PostgreSQL.
 *
 * Each engine gets a fresh database (SQLite data/bench-overview.db, PostgreSQL
 * pindesk_bench_overview), migrated and seeded like `npm run seed -- --users 100000`; then
 * bench/overview-events.ts's mix of events over the last 30 days is appended through the audit
 * writer's appendChained, ~1,000 per transaction, so the hourly counts (activity_count) are
 * kept as in production. Rounds alternate readOverview / COUNT(*) so that drift on a shared
 * machine hits both alike. readOverview's parts (tiles, charts, leaders) are timed statement
 * by statement inside the same runs, through an executor that records each query's time.
 *
 * Environment: BENCH_OVERVIEW_USERS (100000), BENCH_OVERVIEW_EVENTS (1000000),
 * BENCH_OVERVIEW_BATCH (events per transaction, 1000), BENCH_OVERVIEW_ITERATIONS (per side and
 * round, 25), BENCH_OVERVIEW_ROUNDS (4), BENCH_OVERVIEW_KEEP=1 (reuse the last run's databases
 * when they hold that many users and at least that many audit events: the events' "last 24
 * hours" are then those of that run), BENCH_OVERVIEW_PLANS=1 (print the plans of
 * readOverview's statements: EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL),
 * BENCH_OVERVIEW_ENGINES (sqlite,postgresql).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Fixed secrets before anything that hashes or chains is loaded.
process.env.PIN_PEPPER = Buffer.alloc(32, 'bench-overview-pepper').toString('base64');
process.env.AUDIT_CHAIN_KEY = Buffer.alloc(32, 'bench-overview-audit').toString('base64');
process.env.SEED_PASSWORD ??= 'bench-overview-password';

const { createDb } = await import('../lib/db/client');
const { databaseTarget } = await import('../lib/db/database-url');
const { readOverview } = await import('../lib/db/overview');
const { appendChained } = await import('../lib/db/audit-writer');
const { sql } = await import('../lib/db/sql');
const { seedDemoDirectory, demoRoleAccounts } = await import('../lib/db/seed/demo-directory');
const { projectRoot } = await import('../lib/config/project-root');
const { keptOrFreshPostgresDatabase, postgresAvailable } = await import('../scripts/test-databases');
const { eventBatches } = await import('./overview-events');
type DbHandle = import('../lib/db/client').DbHandle;
type Sql = import('../lib/db/sql').Sql;
type BenchBridge = import('./overview-events').BenchBridge;

const USERS = Number(process.env.BENCH_OVERVIEW_USERS ?? 100_000);
const EVENTS = Number(process.env.BENCH_OVERVIEW_EVENTS ?? 1_000_000);
const BATCH = Number(process.env.BENCH_OVERVIEW_BATCH ?? 1_000);
const ITERATIONS = Number(process.env.BENCH_OVERVIEW_ITERATIONS ?? 25);
const ROUNDS = Number(process.env.BENCH_OVERVIEW_ROUNDS ?? 4);
const WARMUP = 5;
const BRIDGES = 20;
const KEEP = process.env.BENCH_OVERVIEW_KEEP === '1';
const SHOW_PLANS = process.env.BENCH_OVERVIEW_PLANS === '1';
const ENGINES = (process.env.BENCH_OVERVIEW_ENGINES ?? 'sqlite,postgresql').split(',');
const GOAL_P95_MS = 200;
const DB_NAME = 'pindesk_bench_overview';
const root = projectRoot();

const seconds = (started: number) => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const count = (n: number) => n.toLocaleString('en-US');
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

// ---------------------------------------------------------------------------------------
// Preparing a database

async function countOf(handle: DbHandle, table: 'directory_user' | 'audit_event'): Promise<number> {
  const [row] = await handle.executor.query<{ n: number | string }>(
    table === 'directory_user' ? sql`SELECT COUNT(*) AS n FROM directory_user` : sql`SELECT COUNT(*) AS n FROM audit_event`,
  );
  return Number(row.n);
}

/** Real bridge keys, so that "most failed logons" names the bridges (the key itself is never used). */
async function createBridges(handle: DbHandle): Promise<BenchBridge[]> {
  const bridges: BenchBridge[] = [];
  for (let i = 1; i <= BRIDGES; i++) {
    const name = `Bridge ${String(i).padStart(2, '0')} (bench)`;
    const row = await handle.db.bridgeKey.create({
      data: { name, keyPrefix: `benchov${String(i).padStart(2, '0')}`, keyHash: 'bench-overview-not-a-key', createdBy: 'bench:overview' },
      select: { id: true },
    });
    bridges.push({ id: row.id, name, sourceAddress: `10.0.${Math.floor(i / 8)}.${10 + i}` });
  }
  return bridges;
}

async function appendEvents(handle: DbHandle, now: number): Promise<void> {
  const users = (await handle.executor.query<{ id: string; sip_address: string }>(sql`SELECT id, sip_address FROM directory_user ORDER BY id`)).map((u) => ({
    id: u.id,
    sipAddress: u.sip_address,
  }));
  const roleUpns: readonly string[] = demoRoleAccounts.map((a) => a.upn);
  const admins = (await handle.db.directoryUser.findMany({ where: { upn: { in: [...roleUpns] } }, select: { id: true, upn: true } })).map((a) => ({
    id: a.id,
    name: a.upn,
  }));
  const bridges = await createBridges(handle);
  const started = performance.now();
  let appended = 0;
  let nextReport = EVENTS / 10;
  for (const batch of eventBatches({ count: EVENTS, now, users, bridges, admins }, BATCH)) {
    await handle.executor.transaction((tx) => appendChained(tx, batch));
    appended += batch.length;
    if (appended >= nextReport) {
      const rate = appended / ((performance.now() - started) / 1000);
      console.log(`    ${count(appended)} events in ${seconds(started)} (${count(Math.round(rate))}/s), load average ${loadAverage()}`);
      nextReport += EVENTS / 10;
    }
  }
  console.log(`  appended ${count(EVENTS)} audit events in ${seconds(started)} (transactions of ${count(BATCH)})`);
}

async function prepare(databaseUrl: string, now: number): Promise<DbHandle> {
  process.env.DATABASE_URL = databaseUrl;
  execFileSync('npx', ['tsx', 'scripts/migrate.ts'], { cwd: root, stdio: 'ignore', env: process.env });
  const target = databaseTarget(databaseUrl);
  const handle = createDb(target);
  if (KEEP && (await countOf(handle, 'directory_user')) === USERS && (await countOf(handle, 'audit_event')) >= EVENTS) {
    console.log(`  reusing the ${count(USERS)} users and ${count(EVENTS)} events of the last run`);
    return handle;
  }
  const started = performance.now();
  await seedDemoDirectory(handle.db, { users: USERS, password: process.env.SEED_PASSWORD!, provider: target.provider, now });
  console.log(`  seeded ${count(USERS)} users in ${seconds(started)}`);
  await appendEvents(handle, now);
  // As autovacuum would soon after such a load. SQLite keeps the statistics of the seed's
  // ANALYZE (the server runs none of its own).
  if (target.provider === 'postgresql') await handle.executor.execute(sql`ANALYZE`);
  console.log(`  database ready in ${seconds(started)}`);
  return handle;
}

// ---------------------------------------------------------------------------------------
// Measuring

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const sortNumbers = (values: number[]) => [...values].sort((a, b) => a - b);
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** The plans of the statements readOverview sends (captured as it runs), in order: tiles, charts, leaders (users, bridges). */
async function showPlans(handle: DbHandle): Promise<void> {
  const captured: Sql[] = [];
  const executor = handle.executor;
  await readOverview(
    {
      executor: {
        query(statement, options) {
          captured.push(statement);
          return executor.query(statement, options);
        },
        execute: (statement, options) => executor.execute(statement, options),
        transaction: (fn) => executor.transaction(fn),
      },
    },
    Date.now(),
  );
  const postgres = handle.target.provider === 'postgresql';
  for (const [i, statement] of captured.entries()) {
    const rows = await executor.query<Record<string, unknown>>(
      postgres ? sql`EXPLAIN (ANALYZE, BUFFERS OFF) ${statement}` : sql`EXPLAIN QUERY PLAN ${statement}`,
    );
    const part =
      ['leaders: bridges', 'leaders: users', 'charts'][captured.length - 1 - i] ?? (i === captured.length - 4 ? 'tiles' : 'tiles: policies and sites');
    console.log(`  plan of statement ${i + 1} (${part}):`);
    for (const row of rows) console.log(`    ${String(postgres ? row['QUERY PLAN'] : row.detail)}`);
  }
}

/**
 * `handle`'s executor with each query's time recorded: readOverview sends the tiles' statements
 * (the policies and sites, then the count), then the charts', then the two leaders'
 * (lib/db/overview.ts), so one run's times split it into its three parts without calling them apart.
 */
function timingHandle(handle: DbHandle): { handle: Pick<DbHandle, 'executor'>; take(): number[] } {
  let times: number[] = [];
  const executor = handle.executor;
  return {
    handle: {
      executor: {
        async query(statement, options) {
          const started = performance.now();
          try {
            return await executor.query(statement, options);
          } finally {
            times.push(performance.now() - started);
          }
        },
        execute: (statement, options) => executor.execute(statement, options),
        transaction: (fn) => executor.transaction(fn),
      },
    },
    take() {
      const taken = times;
      times = [];
      return taken;
    },
  };
}

type Summary = { label: string; seeding: string; p50: number; p95: number; countP50: number; countP95: number };

async function benchEngine(label: string, databaseUrl: string): Promise<Summary> {
  console.log(`\n${label} (load average ${loadAverage()})`);
  const now = Date.now();
  const started = performance.now();
  const handle = await prepare(databaseUrl, now);
  const seeding = seconds(started);
  const readCount = () => handle.executor.query(sql`SELECT COUNT(*) AS n FROM directory_user`);

  const sample = await readOverview(handle, Date.now());
  console.log(
    `  overview: ${count(sample.tiles.enabledUsers)} enabled users, ${count(sample.tiles.withPin)} with a PIN; ` +
      `${sample.logons.length} logon / ${sample.lockouts.length} lockout / ${sample.pinChanges.length} PIN-change counts; ` +
      `top user ${sample.topUsers[0]?.sipAddress ?? '-'} (${sample.topUsers[0]?.failures ?? 0} failures), top bridge ${sample.topBridges[0]?.name ?? '-'} (${sample.topBridges[0]?.failures ?? 0})`,
  );
  if (SHOW_PLANS) await showPlans(handle);

  for (let i = 0; i < WARMUP; i++) {
    await readOverview(handle, Date.now());
    await readCount();
  }

  const timing = timingHandle(handle);
  const overview: number[] = [];
  const parts = { tiles: [] as number[], charts: [] as number[], leaders: [] as number[] };
  const counts: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (let n = 0; n < ITERATIONS; n++) {
      timing.take();
      overview.push(await timed(() => readOverview(timing.handle, Date.now())));
      const statements = timing.take();
      // The tiles' statements (the policies and sites, then the count) come first; then the charts and the two leader lists.
      if (statements.length < 4) throw new Error(`readOverview sent ${statements.length} statements, fewer than the 4 parts this benchmark splits into`);
      const tiles = statements.slice(0, -3);
      const [charts, users, bridges] = statements.slice(-3);
      parts.tiles.push(tiles.reduce((sum, t) => sum + t, 0));
      parts.charts.push(charts);
      parts.leaders.push(users + bridges);
    }
    for (let n = 0; n < ITERATIONS; n++) counts.push(await timed(readCount));
    const r = (values: number[]) => ms(percentile(sortNumbers(values.slice(-ITERATIONS)), 50));
    console.log(
      `  round ${round + 1}: p50 readOverview ${r(overview)} (tiles ${r(parts.tiles)}, charts ${r(parts.charts)}, leaders ${r(parts.leaders)}), COUNT(*) ${r(counts)}; load average ${loadAverage()}`,
    );
  }
  await handle.db.$disconnect();

  const o = sortNumbers(overview);
  const c = sortNumbers(counts);
  const summary: Summary = {
    label,
    seeding,
    p50: percentile(o, 50),
    p95: percentile(o, 95),
    countP50: percentile(c, 50),
    countP95: percentile(c, 95),
  };
  const ratio = summary.p95 / summary.countP95;
  console.log(`  readOverview        p50 ${ms(summary.p50)}   p95 ${ms(summary.p95)}`);
  console.log(`  COUNT(*) users      p50 ${ms(summary.countP50)}   p95 ${ms(summary.countP95)}`);
  for (const [name, values] of Object.entries(parts)) {
    const sorted = sortNumbers(values);
    console.log(`    ${name.padEnd(17)} p50 ${ms(percentile(sorted, 50))}   p95 ${ms(percentile(sorted, 95))}`);
  }
  console.log(`  ratio p95(readOverview) / p95(COUNT(*)): ${ratio.toFixed(2)}`);
  const met = summary.p95 <= GOAL_P95_MS;
  console.log(
    `  ${label}: p95 ≤ ${GOAL_P95_MS} ms: ${met ? 'met' : 'missed'} (${ms(summary.p95)}${met ? '' : `, ${ms(summary.p95 - GOAL_P95_MS)} over`}); database prepared in ${seeding}`,
  );
  return summary;
}

async function main() {
  console.log(
    `Overview: ${count(USERS)} users, ${count(EVENTS)} audit events over 30 days; ${ROUNDS} rounds × ${ITERATIONS} runs per side ` +
      `(readOverview, COUNT(*) of directory_user); ${os.cpus().length} cores, load average ${loadAverage()}. Goal: p95 ≤ ${GOAL_P95_MS} ms.`,
  );
  const file = path.join(root, 'data', 'bench-overview.db');
  if (!KEEP) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  if (ENGINES.includes('sqlite')) await benchEngine('SQLite', `file:${file}`);
  if (!ENGINES.includes('postgresql')) return;
  if (await postgresAvailable()) {
    await benchEngine('PostgreSQL', await keptOrFreshPostgresDatabase(DB_NAME, KEEP));
  } else {
    console.warn('\n!!! PostgreSQL is not reachable: its benchmark was SKIPPED. !!!');
  }
}

main().then(
  // Exit explicitly: Prisma's wasm engine leaves timers that keep the process alive a while.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
