/**
 * npm run bench:logon-http — POST /api/v1/pin-logon through the production server on loopback,
 * under a load generator (autocannon), against raw argon2 measured in the same run (machines
 * are noisy: only the ratios are comparable between runs).
 *
 * Set-up per engine: a fresh database (SQLite data/bench-http.db; PostgreSQL
 * pindesk_bench_http when reachable), migrated, BENCH_HTTP_USERS users with known 5-digit
 * PINs and a bridge allowed 1,000,000 requests a minute; then `next start` on a free loopback
 * port with that database, a pepper generated for this run and the argon2 parameters of this
 * environment (PIN_ARGON2_*), exactly as `npm start` runs it. Builds first when there is no
 * build. The server is stopped at the end, also when the bench fails.
 *
 * (a) Throughput ratio. Rounds alternate:
 *     - raw: BENCH_HTTP_OPS argon2id verifies of a correct PIN in this process, at
 *       BENCH_HTTP_CONCURRENCY in flight, with the server's hasher (same pepper, same
 *       parameters, as many libuv threads: lib/config/thread-pool.ts) → verifies per second;
 *     - HTTP: BENCH_HTTP_OPS logon requests with correct PINs from autocannon over
 *       BENCH_HTTP_CONCURRENCY connections, cycling through all users (a success never locks
 *       anyone) → responses that are 200 `"result":"accepted"` per second of the run. Any
 *       other answer fails the bench: it would measure something else.
 *     Figure: the median over rounds of (accepted logons/s ÷ raw verifies/s). Goal ≥ 0.8.
 * (b) Latency at half load. The time of one verify: the median of 40 sequential verifies here,
 *     with the server idle. Then correct-PIN logons are sent open-loop, evenly spaced at half
 *     the median accepted/s from (a), for BENCH_HTTP_LATENCY_SECONDS, over at most
 *     BENCH_HTTP_CONCURRENCY keep-alive connections; each latency runs from the request's
 *     scheduled send time to the end of its response, so a request that waited for a free
 *     connection or a late timer counts that wait (no coordinated omission). Not autocannon
 *     here: its rate limit sends each connection's quota for a second back to back at the
 *     start of the second, which measures how long a burst takes to drain, not half load.
 *     BENCH_HTTP_LATENCY_ROUNDS rounds, each followed by raw verifies alone at the same pace
 *     in this process: the machine's own floor. This VM pauses now and then for 50–300 ms —
 *     raw argon2 alone, paced at 70/s with no server running, shows it in about one run of
 *     15 s in three — which a window's p99 cannot tell from the server's doing. Hence many
 *     short rounds and their median: a pause spoils the round it falls in, not the figure.
 *     Figure: the median over rounds of the logon p99 ÷ one verify. Goal ≤ 3.
 *
 * Both sides run on the same cores: the server's work (Next.js, JSON, SQL, the audit's group
 * commit, argon2 on libuv's thread pool) and the load generator's compete with argon2 exactly
 * as they would on one host.
 *
 * Also printed, because wall-clock rates swing with whatever else runs on the machine: CPU
 * time per accepted logon (the server process from /proc, plus this process's load
 * generator, and on PostgreSQL its server processes on this machine) against CPU time per raw
 * verify, both summed over all rounds; and how busy the whole machine was (all cores, from
 * /proc/stat) during the HTTP and the raw rounds — below 100 % under HTTP means the server
 * left cores idle, not that its work cost too much.
 *
 * Environment: BENCH_HTTP_USERS (200), BENCH_HTTP_OPS (500), BENCH_HTTP_CONCURRENCY (16),
 * BENCH_HTTP_ROUNDS (9), BENCH_HTTP_WARMUP_SECONDS (30: logons before measuring, until V8 has
 * optimized the hot path, as in a server that has been up for a while),
 * BENCH_HTTP_LATENCY_SECONDS (4), BENCH_HTTP_LATENCY_ROUNDS (7), BENCH_HTTP_ENGINES (sqlite,postgresql),
 * BENCH_HTTP_PORT (default: a free port), BENCH_HTTP_CPU_PROF (a folder: the server writes a V8 CPU
 * profile there when it stops, for Chrome DevTools or `npx tsx bench/profile-summary.ts`),
 * BENCH_HTTP_NODE_FLAGS (more flags for the server's Node.js, space-separated: e.g.
 * `--perf-basic-prof` so that `perf record -e cpu-clock -p <pid>` names JavaScript functions).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import { createBridge } from '../lib/db/bridges';
import { createDb } from '../lib/db/client';
import { databaseTarget } from '../lib/db/database-url';
import { projectRoot } from '../lib/config/project-root';
import { libuvThreadPoolSize } from '../lib/config/thread-pool';
import { argon2ParamsFromEnv, createArgon2Hasher, type PinHasher } from '../lib/pin/hasher';
import { hasProductionBuild, startProductionServer } from '../scripts/production-server';
import { freshPostgresDatabase, postgresAvailable } from '../scripts/test-databases';
import { seedBenchUsers, type BenchUser } from './bench-users';

const USERS = Number(process.env.BENCH_HTTP_USERS ?? 200);
const OPS = Number(process.env.BENCH_HTTP_OPS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_HTTP_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 9);
const LATENCY_SECONDS = Number(process.env.BENCH_HTTP_LATENCY_SECONDS ?? 4);
const LATENCY_ROUNDS = Number(process.env.BENCH_HTTP_LATENCY_ROUNDS ?? 7);
const WARMUP_SECONDS = Number(process.env.BENCH_HTTP_WARMUP_SECONDS ?? 30);
const ENGINES = (process.env.BENCH_HTTP_ENGINES ?? 'sqlite,postgresql').split(',');
const CPU_PROFILE_DIR = process.env.BENCH_HTTP_CPU_PROF;
const NODE_FLAGS = (process.env.BENCH_HTTP_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const GOAL_RATIO = 0.8;
const GOAL_P99_VERIFIES = 3;
const SINGLE_VERIFY_SAMPLES = 40;
const root = projectRoot();

// One pepper for this run, given to the server and used by the raw side.
const pepperText = randomBytes(32).toString('base64');
const pepper = Buffer.from(pepperText, 'base64');
const params = argon2ParamsFromEnv();

function ensureBuild() {
  if (hasProductionBuild()) return;
  console.log('No production build yet: running `next build` (about a minute)…');
  execFileSync(path.join(root, 'node_modules', '.bin', 'next'), ['build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
}

function freePort(): Promise<number> {
  if (process.env.BENCH_HTTP_PORT) return Promise.resolve(Number(process.env.BENCH_HTTP_PORT));
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

async function prepare(databaseUrl: string, hasher: PinHasher): Promise<{ users: BenchUser[]; key: string }> {
  execFileSync('npx', ['tsx', 'scripts/migrate.ts'], { cwd: root, stdio: 'ignore', env: { ...process.env, DATABASE_URL: databaseUrl } });
  const handle = createDb(databaseTarget(databaseUrl));
  try {
    const users = await seedBenchUsers(handle, hasher, USERS);
    const { key } = await createBridge(handle, { name: 'bench-bridge', allowedSources: [], ratePerMinute: 1_000_000 }, { actor: { type: 'system', name: 'bench' } });
    return { users, key };
  } finally {
    await handle.db.$disconnect();
  }
}

/** `ops` calls of `task`, `concurrency` at a time; calls per second. */
async function runConcurrently(ops: number, concurrency: number, task: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < ops) await task();
    }),
  );
  return ops / ((performance.now() - started) / 1000);
}

async function oneVerifyMs(hasher: PinHasher, stored: string, pin: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < SINGLE_VERIFY_SAMPLES; i++) {
    const started = performance.now();
    if (!(await hasher.verify(stored, pin))) throw new Error('The raw verify rejected its own PIN.');
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

type Target = { url: string; key: string; users: BenchUser[] };
type LoadOptions = Target & { amount: number };

/**
 * Correct-PIN logons from autocannon; throws unless every answer was 200 accepted. The rate
 * is timed here, from the start to the last response: autocannon's own `duration` ends at
 * its next one-second tick, which rounds a 3.6 s run up to 4 s (every rate came out as
 * 500/4 or 500/5 per second).
 */
async function logonLoad(options: LoadOptions) {
  let next = 0;
  const started = performance.now();
  let lastResponse = started;
  // The machine's counters at the last response, before autocannon idles to its next tick.
  let machineAtEnd = machineCpuTicks();
  const load: autocannon.Options = {
    url: `${options.url}/api/v1/pin-logon`,
    method: 'POST',
    connections: CONCURRENCY,
    amount: options.amount,
    headers: { authorization: `Bearer ${options.key}`, 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const user = options.users[next++ % options.users.length];
          return { ...request, body: JSON.stringify({ identity: user.extension, pin: user.pin }) };
        },
      },
    ],
    verifyBody: (body) => String(body ?? '').includes('"result":"accepted"'),
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(load, (error, done) => (error ? reject(error) : resolve(done)));
    let responses = 0;
    instance.on('response', () => {
      lastResponse = performance.now();
      if (++responses === options.amount) machineAtEnd = machineCpuTicks();
    });
  });
  const accepted = result['2xx'] - result.mismatches;
  const failed = result.non2xx + result.mismatches + result.errors + result.timeouts;
  if (failed > 0) {
    throw new Error(
      `Not every logon was accepted: ${accepted} accepted, ${result.mismatches} other 200 answers, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts.`,
    );
  }
  return { acceptedPerSecond: accepted / ((lastResponse - started) / 1000), machineAtEnd };
}

/**
 * Calls `task` open-loop at `rate` per second, evenly spaced, for `seconds`; each latency runs
 * from the call's scheduled time to its end, so a late timer or a wait counts.
 */
async function paced(rate: number, seconds: number, task: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0.5) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(task(i).then(() => void latencies.push(performance.now() - due)));
  }
  await Promise.all(inFlight);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)];
  return { p50Ms: at(0.5), p99Ms: at(0.99) };
}

/** Paced correct-PIN logons over keep-alive connections; throws unless every answer was 200 accepted. */
async function pacedLogons(target: Target, rate: number, seconds: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const endpoint = new URL(`${target.url}/api/v1/pin-logon`);
  const failures: string[] = [];
  const send = (i: number) =>
    new Promise<void>((resolve) => {
      const user = target.users[i % target.users.length];
      const body = JSON.stringify({ identity: user.extension, pin: user.pin });
      const request = http.request(
        endpoint,
        { method: 'POST', agent, headers: { authorization: `Bearer ${target.key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => {
            if (response.statusCode !== 200 || !text.includes('"result":"accepted"')) failures.push(`${response.statusCode} ${text.slice(0, 100)}`);
            resolve();
          });
        },
      );
      request.on('error', (error) => {
        failures.push(error.message);
        resolve();
      });
      request.end(body);
    });
  const latency = await paced(rate, seconds, send);
  agent.destroy();
  if (failures.length > 0) throw new Error(`Not every logon was accepted at ${rate}/s: ${failures.length} failed, e.g. ${failures[0]}`);
  return latency;
}

async function benchEngine(label: string, databaseUrl: string) {
  const hasher = createArgon2Hasher(pepper, params);
  const { users, key } = await prepare(databaseUrl, hasher);
  const rawPin = users[0].pin;
  const rawHash = await hasher.hash(rawPin);
  const server = await startProductionServer(await freePort(), {
    DATABASE_URL: databaseUrl,
    PIN_PEPPER: pepperText,
    AUTH_SECRET: randomBytes(48).toString('base64'),
    AUDIT_CHAIN_KEY: randomBytes(48).toString('base64'),
    PINDESK_SEED_DEMO: '0',
  }, [...(CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE_DIR}`] : []), ...NODE_FLAGS]);
  try {
    // Warm-up: route module, prepared statements, pools, and above all V8's optimizing
    // compiler, which reaches the hot path only after thousands of calls: with a warm-up of
    // 128 logons it was still compiling servePinLogon, the claim and Node's HTTP parser
    // 30–40 s into the run, so the first rounds measured half-interpreted code.
    const warmUpEnds = performance.now() + WARMUP_SECONDS * 1000;
    do await logonLoad({ url: server.url, key, users, amount: OPS });
    while (performance.now() < warmUpEnds);
    const ratios: number[] = [];
    const accepted: number[] = [];
    const raws: number[] = [];
    const cpu = { raw: 0, rawSystem: 0, server: 0, serverSystem: 0, serverMain: 0, generator: 0, database: 0 };
    const busy = { raw: { busy: 0, total: 0 }, http: { busy: 0, total: 0 } };
    for (let round = 0; round < ROUNDS; round++) {
      let mark = process.cpuUsage();
      let machine = machineCpuTicks();
      const raw = await runConcurrently(OPS, CONCURRENCY, async () => {
        if (!(await hasher.verify(rawHash, rawPin))) throw new Error('The raw verify rejected its own PIN.');
      });
      const rawUsage = process.cpuUsage(mark);
      cpu.raw += cpuMs(rawUsage);
      cpu.rawSystem += rawUsage.system / 1000;
      addTicks(busy.raw, machine);
      machine = machineCpuTicks();
      mark = process.cpuUsage();
      const serverBefore = processCpuMs(server.pid);
      const serverSystemBefore = processCpuMs(server.pid, 'system');
      const serverMainBefore = threadCpuMs(server.pid, server.pid);
      const databaseBefore = postgresCpuMs();
      const http = await logonLoad({ url: server.url, key, users, amount: OPS });
      cpu.server += processCpuMs(server.pid) - serverBefore;
      cpu.serverSystem += processCpuMs(server.pid, 'system') - serverSystemBefore;
      cpu.serverMain += threadCpuMs(server.pid, server.pid) - serverMainBefore;
      cpu.database += postgresCpuMs() - databaseBefore;
      cpu.generator += cpuMs(process.cpuUsage(mark));
      addTicks(busy.http, machine, http.machineAtEnd);
      raws.push(raw);
      accepted.push(http.acceptedPerSecond);
      ratios.push(http.acceptedPerSecond / raw);
    }
    const raw = median(raws);
    const ops = OPS * ROUNDS;
    const medianRatio = median(ratios);
    const medianAccepted = median(accepted);
    // Everything this machine spent per accepted logon: with every core busy, the ratio tends
    // to raw verify CPU ÷ this, and it scatters far less between runs than the rates do.
    const perLogon = (cpu.server + cpu.generator + cpu.database) / ops;

    const verifyMs = await oneVerifyMs(hasher, rawHash, rawPin);
    const halfLoad = Math.max(1, Math.round(medianAccepted / 2));
    const logonP99s: number[] = [];
    const rawP99s: number[] = [];
    for (let round = 0; round < LATENCY_ROUNDS; round++) {
      logonP99s.push((await pacedLogons({ url: server.url, key, users }, halfLoad, LATENCY_SECONDS)).p99Ms);
      // The machine's own floor: raw verifies alone, at the same pace, in this process.
      const raw = await paced(halfLoad, LATENCY_SECONDS, async () => {
        if (!(await hasher.verify(rawHash, rawPin))) throw new Error('The raw verify rejected its own PIN.');
      });
      rawP99s.push(raw.p99Ms);
    }
    const multiple = median(logonP99s) / verifyMs;

    console.log(
      `${label.padEnd(11)} (a) raw argon2 verify ${raw.toFixed(0)}/s · accepted logons over HTTP ${medianAccepted.toFixed(0)}/s · ratio ${medianRatio.toFixed(2)} ` +
        `(rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}; goal ≥ ${GOAL_RATIO}) ${medianRatio >= GOAL_RATIO ? 'ok' : 'MISSED'}`,
    );
    console.log(
      `${''.padEnd(11)}     CPU per accepted logon: server ${ms(cpu.server / ops)} (system ${ms(cpu.serverSystem / ops)}; main thread ${ms(cpu.serverMain / ops)}) + load generator ${ms(cpu.generator / ops)}` +
        `${label === 'PostgreSQL' ? ` + PostgreSQL ${ms(cpu.database / ops)}` : ''} = ${ms(perLogon)}; ` +
        `per raw verify ${ms(cpu.raw / ops)} (system ${ms(cpu.rawSystem / ops)}) · verify share ${(cpu.raw / ops / perLogon).toFixed(3)} · ` +
        `machine busy ${percent(busy.http)} under HTTP, ${percent(busy.raw)} under raw`,
    );
    console.log(
      `${''.padEnd(11)} (b) at ${halfLoad}/s, ${LATENCY_ROUNDS} rounds of ${LATENCY_SECONDS} s: logon p99 ${median(logonP99s).toFixed(1)} ms (rounds: ${logonP99s.map((p) => p.toFixed(0)).join(', ')}); ` +
        `raw verify alone at that pace p99 ${median(rawP99s).toFixed(1)} ms (${rawP99s.map((p) => p.toFixed(0)).join(', ')}); one verify ${verifyMs.toFixed(1)} ms · p99 = ${multiple.toFixed(2)} verifies ` +
        `(goal ≤ ${GOAL_P99_VERIFIES}) ${multiple <= GOAL_P99_VERIFIES ? 'ok' : 'MISSED'}`,
    );
  } finally {
    await server.stop();
  }
}

const ms = (value: number) => `${value.toFixed(2)} ms`;
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/** User + system (or only system) CPU time of a process so far, from /proc (Linux; clock ticks of 10 ms). */
function processCpuMs(pid: number, which: 'all' | 'system' = 'all'): number {
  return cpuMsFromStat(`/proc/${pid}/stat`, which);
}

/** The same for one thread: the main thread (tid = pid) runs the JavaScript, argon2 runs on libuv's pool. */
function threadCpuMs(pid: number, tid: number): number {
  return cpuMsFromStat(`/proc/${pid}/task/${tid}/stat`, 'all');
}

/** The fields of /proc/…/stat after "pid (comm) ": state, ppid, … utime (11), stime (12), cutime, cstime. */
function statFields(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split(') ')[1].split(' ');
}

function cpuMsFromStat(file: string, which: 'all' | 'system' | 'children'): number {
  const fields = statFields(file);
  const ticks =
    which === 'system' ? Number(fields[12]) : which === 'children' ? Number(fields[13]) + Number(fields[14]) : Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

/**
 * CPU time so far of this machine's PostgreSQL processes (0 where it does not run here): the
 * living ones, plus what ended backends used — the postmaster (the one whose parent is not
 * PostgreSQL) reaps them, so their time is in its children's counters. Otherwise a pooled
 * connection closed mid-run would take its backend's time out of the sum.
 */
function postgresCpuMs(): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    if (!isPostgres(pid)) continue;
    try {
      const stat = `/proc/${pid}/stat`;
      total += cpuMsFromStat(stat, 'all');
      if (!isPostgres(statFields(stat)[1])) total += cpuMsFromStat(stat, 'children');
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}

function isPostgres(pid: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
  } catch {
    return false;
  }
}

/** All cores' busy and total clock ticks so far, from /proc/stat (Linux). */
function machineCpuTicks(): { busy: number; total: number } {
  const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const total = ticks.reduce((sum, t) => sum + t, 0);
  // idle and iowait are the 4th and 5th numbers.
  return { busy: total - ticks[3] - ticks[4], total };
}

function addTicks(into: { busy: number; total: number }, since: { busy: number; total: number }, now = machineCpuTicks()) {
  into.busy += now.busy - since.busy;
  into.total += now.total - since.total;
}

const percent = (ticks: { busy: number; total: number }) => `${((ticks.busy / Math.max(1, ticks.total)) * 100).toFixed(0)} %`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * The raw side must compute argon2 on as many libuv threads as the server does: on 2 cores, 4
 * threads verified 216/s where 2 verified 243/s. libuv sizes its pool once, before this file
 * runs, so the bench runs itself again with the server's size when this process has another.
 */
function rerunWithServerThreadPool(): void {
  const size = String(libuvThreadPoolSize());
  if (process.env.UV_THREADPOOL_SIZE === size) return;
  const rerun = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, UV_THREADPOOL_SIZE: size },
  });
  process.exit(rerun.status ?? 1);
}

async function main() {
  rerunWithServerThreadPool();
  ensureBuild();
  console.log(
    `PIN logon over HTTP: ${USERS} users, ${OPS} logons per round, concurrency ${CONCURRENCY}, ${ROUNDS} rounds; argon2id m=${params.memoryCost} t=${params.timeCost} p=${params.parallelism}; ` +
      `${process.env.UV_THREADPOOL_SIZE} libuv threads in the server and here`,
  );
  if (ENGINES.includes('sqlite')) {
    const file = path.join(root, 'data', 'bench-http.db');
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    await benchEngine('SQLite', `file:${file}`);
  }
  if (ENGINES.includes('postgresql')) {
    if (await postgresAvailable()) await benchEngine('PostgreSQL', await freshPostgresDatabase('pindesk_bench_http'));
    else console.warn('PostgreSQL is not reachable: its benchmark was skipped.');
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
