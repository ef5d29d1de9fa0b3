/**
 * npm run bench:search — the Users page search (searchUsers, what GET /api/v1/users and the
 * page run) on a 100,000-user demo directory, two clauses per search: p50/p95
 * server time, and its ratio to the same SQL run directly on the database. Goals: p95 ≤ 50 ms
 * and ratio ≤ 1.5 on SQLite and PostgreSQL.
 *
 * "The same SQL": the statements searchUsers hands to lib/db's executor for each search are
 * captured (a wrapping SqlExecutor that records each fragment, then delegates) and replayed
 * with the same values through the bare driver — better-sqlite3 on the file with the `?` text,
 * a pg Pool on the database with the `$n` text (a statement the executor prepares, prepared
 * too), values converted as the executor converts them — in the same order and grouping as
 * searchUsers issues them (its search statements one after another, beside the policy read).
 *
 * Each engine gets a fresh database (SQLite data/bench-search.db, PostgreSQL
 * pindesk_bench_search), migrated and seeded like `npm run seed -- --users 100000`. Rounds
 * alternate searchUsers / direct so that drift on a shared machine hits both alike.
 *
 * Environment: BENCH_SEARCH_USERS (100000), BENCH_SEARCH_ITERATIONS (per search and side, 40),
 * BENCH_SEARCH_KEEP=1 (reuse the last run's databases when they hold that many users),
 * BENCH_SEARCH_SQL=1 (print the captured statements and their plans), BENCH_SEARCH_ENGINES
 * (sqlite,postgresql).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

// Fixed secrets before anything that hashes is loaded: the seed hashes PINs with the pepper.
process.env.PIN_PEPPER = Buffer.alloc(32, 'bench-search-pepper').toString('base64');
process.env.SEED_PASSWORD ??= 'bench-search-password';

const { createDb } = await import('../lib/db/client');
const { databaseTarget } = await import('../lib/db/database-url');
const { toPgValue, toSqliteValue } = await import('../lib/db/executor');
const { searchUsers } = await import('../lib/db/user-search');
const { seedDemoDirectory } = await import('../lib/db/seed/demo-directory');
const { projectRoot } = await import('../lib/config/project-root');
const { keptOrFreshPostgresDatabase, postgresAvailable } = await import('../scripts/test-databases');
type Provider = import('../prisma/providers').Provider;
type Sql = import('../lib/db/sql').Sql;
type SqlClient = import('../lib/db/executor').SqlClient;
type SqlExecutor = import('../lib/db/executor').SqlExecutor;
type StatementOptions = import('../lib/db/executor').StatementOptions;
type UserSearch = import('../lib/users/search-params').UserSearch;

const USERS = Number(process.env.BENCH_SEARCH_USERS ?? 100_000);
const ITERATIONS = Number(process.env.BENCH_SEARCH_ITERATIONS ?? 40);
const WARMUP = 5;
const ROUNDS = 4;
const KEEP = process.env.BENCH_SEARCH_KEEP === '1';
const SHOW_SQL = process.env.BENCH_SEARCH_SQL === '1';
const ENGINES = (process.env.BENCH_SEARCH_ENGINES ?? 'sqlite,postgresql').split(',');
const GOAL_P95_MS = 50;
const GOAL_RATIO = 1.5;
const root = projectRoot();

const search = (q: string, filters: UserSearch['filters']): UserSearch => ({ q, filters, max: 200, page: 1 });
const enabled: UserSearch['filters'][number] = { property: 'enabled', operator: 'eq', value: 'True' };

/** Realistic Users page searches: two clauses each (two filters, or the text box and a filter), one with text and two filters. */
const searches: { label: string; search: UserSearch }[] = [
  {
    label: 'Department = Finance, IsPinSet = True',
    search: search('', [
      { property: 'department', operator: 'eq', value: 'Finance' },
      { property: 'isPinSet', operator: 'eq', value: 'True' },
    ]),
  },
  {
    label: 'OU = Engineering (and children), Title contains Manager',
    search: search('', [
      { property: 'ou', operator: 'eq', value: 'OU=Engineering,DC=litwareinc,DC=com' },
      { property: 'title', operator: 'contains', value: 'Manager' },
    ]),
  },
  {
    label: 'Site = Dublin, IsLockedOut = False',
    search: search('', [
      { property: 'site', operator: 'eq', value: 'Dublin' },
      { property: 'isLockedOut', operator: 'eq', value: 'False' },
    ]),
  },
  {
    label: 'text "ken", Department starts with "Sal"',
    search: search('ken', [{ property: 'department', operator: 'startsWith', value: 'Sal' }]),
  },
  {
    label: 'City = Tokyo, PIN policy is empty',
    search: search('', [
      { property: 'city', operator: 'eq', value: 'Tokyo' },
      { property: 'pinPolicy', operator: 'isEmpty', value: '' },
    ]),
  },
  {
    label: 'text "smi", Site = Redmond, IsPinSet = False',
    search: search('smi', [
      { property: 'site', operator: 'eq', value: 'Redmond' },
      { property: 'isPinSet', operator: 'eq', value: 'False' },
    ]),
  },
  {
    label: 'Department = Sales, IsLockedOut = True',
    search: search('', [
      { property: 'department', operator: 'eq', value: 'Sales' },
      { property: 'isLockedOut', operator: 'eq', value: 'True' },
    ]),
  },
  // Issue 21: the search the way callers speak (lib/users/search-text.ts), each with a filter.
  ...['+1 (425) 555-0100', '4255550100', '555-0100'].map((q) => ({ label: `phone "${q}", Enabled = True`, search: search(q, [enabled]) })),
  { label: 'extension "100", Enabled = True', search: search('100', [enabled]) },
  { label: 'text "litwareinc\\kenmyer", Enabled = True', search: search('litwareinc\\kenmyer', [enabled]) },
  { label: 'UPN "kenmyer@litwareinc.com", Enabled = True', search: search('kenmyer@litwareinc.com', [enabled]) },
  {
    label: 'Department = finance (any case), IsPinSet = True',
    search: search('', [
      { property: 'department', operator: 'eq', value: 'finance' },
      { property: 'isPinSet', operator: 'eq', value: 'True' },
    ]),
  },
  {
    label: 'Site = dublin (any case), Title = sales manager (any case)',
    search: search('', [
      { property: 'site', operator: 'eq', value: 'dublin' },
      { property: 'title', operator: 'eq', value: 'sales manager' },
    ]),
  },
  {
    label: 'Department = Finance, Enabled, Display name desc',
    search: { ...search('', [{ property: 'department', operator: 'eq', value: 'Finance' }, enabled]), sort: 'displayName', order: 'desc' },
  },
  {
    label: 'Site = Tokyo, Enabled, SIP address asc',
    search: { ...search('', [{ property: 'site', operator: 'eq', value: 'Tokyo' }, enabled]), sort: 'sipAddress', order: 'asc' },
  },
  {
    label: 'text "smi", Enabled, Department desc',
    search: { ...search('smi', [enabled]), sort: 'department', order: 'desc' },
  },
];

// ---------------------------------------------------------------------------------------
// Preparing a database

async function prepare(databaseUrl: string): Promise<void> {
  process.env.DATABASE_URL = databaseUrl;
  execFileSync('npx', ['tsx', 'scripts/migrate.ts'], { cwd: root, stdio: 'ignore', env: process.env });
  const target = databaseTarget(databaseUrl);
  const { db } = createDb(target);
  try {
    if (KEEP && (await db.directoryUser.count()) === USERS) {
      console.log(`  reusing the ${USERS.toLocaleString('en-US')} users of the last run`);
      return;
    }
    const started = performance.now();
    await seedDemoDirectory(db, { users: USERS, password: process.env.SEED_PASSWORD!, provider: target.provider });
    console.log(`  seeded ${USERS.toLocaleString('en-US')} users in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await db.$disconnect();
  }
}

// ---------------------------------------------------------------------------------------
// Capturing the statements searchUsers runs

/** One statement as the executor ran it: the engine's text, the values before conversion, whether prepared. */
type Statement = { sql: string; args: unknown[]; prepared: boolean };

/** `inner` with every statement recorded before it runs. */
function capturingExecutor(inner: SqlExecutor, provider: Provider): { executor: SqlExecutor; take(): Statement[] } {
  let log: Statement[] = [];
  const record = (statement: Sql, options?: StatementOptions) =>
    log.push({ sql: provider === 'postgresql' ? statement.text : statement.sql, args: [...statement.values], prepared: options?.prepared === true });
  const capturing = (client: SqlClient): SqlClient => ({
    query(statement, options) {
      record(statement, options);
      return client.query(statement, options);
    },
    execute(statement, options) {
      record(statement, options);
      return client.execute(statement, options);
    },
  });
  return {
    executor: { ...capturing(inner), transaction: (fn) => inner.transaction((tx) => fn(capturing(tx))) },
    take() {
      const taken = log;
      log = [];
      return taken;
    },
  };
}

/**
 * searchUsers reads the PIN policies beside its search statement(s): the count with the page,
 * again when a text turns out not to be selective or the page is past the end. Returns the
 * statements in those two groups.
 */
function groupStatements(statements: Statement[]): { sequence: Statement[]; policies: Statement } {
  const isPolicies = (s: Statement) => /FROM\s+([`"](main|public)[`"]\.)?[`"]?pin_policy[`"]?\s*$/i.test(s.sql);
  const policies = statements.filter(isPolicies);
  const sequence = statements.filter((s) => !isPolicies(s));
  if (policies.length !== 1 || sequence.length === 0 || !sequence.every((s) => /COUNT\(\*\)/.test(s.sql))) {
    throw new Error(`Unexpected statements from searchUsers:\n${statements.map((s) => s.sql).join('\n')}`);
  }
  return { sequence, policies: policies[0] };
}

// ---------------------------------------------------------------------------------------
// Running the statements on the bare driver

type Direct = { run(groups: ReturnType<typeof groupStatements>): Promise<void>; explain(s: Statement): Promise<string>; close(): Promise<void> };

function sqliteDirect(file: string): Direct {
  const sqlite = new Database(file, { fileMustExist: true });
  const exec = (s: Statement) => sqlite.prepare(s.sql).all(...s.args.map(toSqliteValue));
  return {
    async run({ sequence, policies }) {
      exec(policies);
      for (const s of sequence) exec(s);
    },
    async explain(s) {
      const rows = sqlite.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...s.args.map(toSqliteValue)) as { detail: string }[];
      return rows.map((r) => `    ${r.detail}`).join('\n');
    },
    async close() {
      sqlite.close();
    },
  };
}

function pgDirect(url: string): Direct {
  const target = databaseTarget(url);
  if (target.provider !== 'postgresql') throw new Error('not a PostgreSQL URL');
  const pool = new pg.Pool({ ...target.pg, max: 4 });
  const values = (s: Statement) => s.args.map(toPgValue);
  const names = new Map<string, string>();
  const name = (s: Statement) => {
    if (!s.prepared) return undefined;
    if (!names.has(s.sql)) names.set(s.sql, `bench_search_${names.size}`);
    return names.get(s.sql);
  };
  const exec = (s: Statement) => pool.query({ name: name(s), text: s.sql, values: values(s) });
  return {
    async run({ sequence, policies }) {
      await Promise.all([
        exec(policies),
        (async () => {
          for (const s of sequence) await exec(s);
        })(),
      ]);
    },
    async explain(s) {
      const result = await pool.query({ text: `EXPLAIN (ANALYZE, COSTS OFF, BUFFERS OFF) ${s.sql}`, values: values(s) });
      return result.rows.map((r: Record<string, string>) => `    ${r['QUERY PLAN']}`).join('\n');
    },
    close: () => pool.end(),
  };
}

// ---------------------------------------------------------------------------------------
// Measuring

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const sortNumbers = (values: number[]) => [...values].sort((a, b) => a - b);
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function benchEngine(label: string, databaseUrl: string): Promise<void> {
  console.log(`\n${label}`);
  await prepare(databaseUrl);
  const target = databaseTarget(databaseUrl);
  const handle = createDb(target);
  const capture = capturingExecutor(handle.executor, target.provider);
  const searchDb = { executor: capture.executor, target };
  const direct = target.provider === 'sqlite' ? sqliteDirect(target.file) : pgDirect(databaseUrl);

  // Capture each search's statements (after one warm-up run), and check the result shape.
  const plans = [];
  for (const { label: name, search: s } of searches) {
    const now = Date.now();
    await searchUsers(searchDb, s, now);
    capture.take();
    const result = await searchUsers(searchDb, s, now);
    const statements = capture.take();
    plans.push({ name, search: s, groups: groupStatements(statements), statements, total: result.total, truncated: result.truncated });
  }

  if (SHOW_SQL) {
    for (const plan of plans) {
      console.log(`\n  -- ${plan.name}: ${plan.total}${plan.truncated ? '+' : ''} users`);
      for (const s of plan.statements) {
        const args = s.args.length > 12 ? [...s.args.slice(0, 6), `… ${s.args.length - 6} more`] : s.args;
        console.log(`  ${s.sql.replace(/(\?,|\$\d+,){6,}/g, '…,')}\n    args: ${JSON.stringify(args, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
        console.log(await direct.explain(s));
      }
    }
    console.log('');
  }

  // Warm both sides.
  for (const plan of plans) {
    for (let i = 0; i < WARMUP; i++) {
      await searchUsers(handle, plan.search);
      await direct.run(plan.groups);
    }
  }

  const viaSearch = plans.map(() => [] as number[]);
  const viaDriver = plans.map(() => [] as number[]);
  const perRound = Math.ceil(ITERATIONS / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, plan] of plans.entries()) {
      for (let n = 0; n < perRound; n++) viaSearch[i].push(await timed(() => searchUsers(handle, plan.search)));
      for (let n = 0; n < perRound; n++) viaDriver[i].push(await timed(() => direct.run(plan.groups)));
    }
  }
  await handle.db.$disconnect();
  await direct.close();

  console.log(`  ${'search'.padEnd(56)} ${'matches'.padStart(8)}  stmts  searchUsers p50 / p95   direct SQL p50 / p95   ratio p95`);
  for (const [i, plan] of plans.entries()) {
    const a = sortNumbers(viaSearch[i]);
    const b = sortNumbers(viaDriver[i]);
    console.log(
      `  ${plan.name.padEnd(56)} ${`${plan.total}${plan.truncated ? '+' : ''}`.padStart(8)}  ${String(plan.statements.length).padStart(5)}  ` +
        `${ms(percentile(a, 50)).padStart(9)} / ${ms(percentile(a, 95)).padStart(9)}   ${ms(percentile(b, 50)).padStart(9)} / ${ms(percentile(b, 95)).padStart(9)}   ${(percentile(a, 95) / percentile(b, 95)).toFixed(2).padStart(5)}`,
    );
  }
  const all = sortNumbers(viaSearch.flat());
  const allDirect = sortNumbers(viaDriver.flat());
  const p95 = percentile(all, 95);
  const p95Direct = percentile(allDirect, 95);
  const ratio = p95 / p95Direct;
  console.log(
    `  ${label}: searchUsers p95 ${ms(p95)} (p50 ${ms(percentile(all, 50))}) ${p95 <= GOAL_P95_MS ? '≤' : '>'} ${GOAL_P95_MS} ms ${p95 <= GOAL_P95_MS ? 'MET' : 'MISSED'} · ` +
      `direct SQL p95 ${ms(p95Direct)} (p50 ${ms(percentile(allDirect, 50))}) · ratio ${ratio.toFixed(2)} ${ratio <= GOAL_RATIO ? '≤' : '>'} ${GOAL_RATIO} ${ratio <= GOAL_RATIO ? 'MET' : 'MISSED'}`,
  );
}

async function main() {
  console.log(
    `Users page search benchmark: ${USERS.toLocaleString('en-US')} users, ${searches.length} searches × ${ROUNDS * Math.ceil(ITERATIONS / ROUNDS)} runs per side; ` +
      `direct SQL = the statements searchUsers issued (captured at lib/db's executor), replayed on the bare driver. Goals: p95 ≤ ${GOAL_P95_MS} ms, ratio ≤ ${GOAL_RATIO}.`,
  );
  const file = path.join(root, 'data', 'bench-search.db');
  if (!KEEP) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  if (ENGINES.includes('sqlite')) await benchEngine('SQLite', `file:${file}`);
  if (!ENGINES.includes('postgresql')) return;
  if (await postgresAvailable()) {
    await benchEngine('PostgreSQL', await keptOrFreshPostgresDatabase('pindesk_bench_search', KEEP));
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
