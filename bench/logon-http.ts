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
import autocannon from 'autocannon';
import type { BenchUser } from './bench-users';
import { createArgon2Hasher } from '../lib/pin/hasher';
import {
  argon2Params as params,
  pepper,
  ensureBuild,
  forEachEngine,
  freePort,
  prepareBenchDatabase,
  rerunWithServerThreadPool,
  runBench,
  startBenchServer,
} from './bench-server';
import { median, oneVerifyMs, paced, pacedLogons, runConcurrently } from './paced-load';
import { addTicks, cpuMs, machineCpuTicks, percent, postgresCpuMs, processCpuMs, threadCpuMs } from './proc-cpu';

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

type LoadOptions = { url: string; key: string; users: BenchUser[]; amount: number };

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

async function benchEngine(label: string, databaseUrl: string) {
  const hasher = createArgon2Hasher(pepper, params);
  const { users, key } = await prepareBenchDatabase(databaseUrl, hasher, USERS);
  const rawPin = users[0].pin;
  const rawHash = await hasher.hash(rawPin);
  const server = await startBenchServer(await freePort(process.env.BENCH_HTTP_PORT), databaseUrl, [
    ...(CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE_DIR}`] : []),
    ...NODE_FLAGS,
  ]);
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
      logonP99s.push((await pacedLogons({ url: server.url, key, users }, halfLoad, LATENCY_SECONDS, CONCURRENCY)).p99Ms);
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

async function main() {
  rerunWithServerThreadPool();
  ensureBuild();
  console.log(
    `PIN logon over HTTP: ${USERS} users, ${OPS} logons per round, concurrency ${CONCURRENCY}, ${ROUNDS} rounds; argon2id m=${params.memoryCost} t=${params.timeCost} p=${params.parallelism}; ` +
      `${process.env.UV_THREADPOOL_SIZE} libuv threads in the server and here`,
  );
  await forEachEngine(ENGINES, { sqlite: 'bench-http', postgres: 'pindesk_bench_http' }, benchEngine);
}

runBench(main);
