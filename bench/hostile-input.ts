/**
 * npm run bench:hostile-input — issue 18's figure for bad input: a viewer's
 * `GET /api/v1/pin-policies?filter=` with 10,000 `*` answers 400 at once, and a filter of 100
 * `*` plus a letter answers in milliseconds, while bridge logons go on beside them.
 *
 * Set-up per engine, as bench/logon-http.ts (bench/bench-server.ts): a fresh database
 * (SQLite data/bench-hostile.db; PostgreSQL pindesk_bench_hostile when reachable), migrated,
 * BENCH_HOSTILE_USERS users with known PINs and a bridge key, plus one more user who holds
 * only CsViewOnlyAdministrator — the weakest role — and a personal API token; then server.ts
 * on the production build on a free loopback port. The bench first checks that the token is
 * refused a write (403), so the hostile requests are authorised as a viewer and nothing more.
 *
 * Logon rate: BENCH_HOSTILE_LOGON_RATE, or half the raw argon2 verifies per second measured
 * here with the server's pepper, parameters and number of libuv threads — a moderate load that
 * leaves the server room, as an idle bridge port would not.
 *
 * Rounds alternate (the machine is noisy: a pause hits whichever round it falls in, and the
 * median over rounds leaves it out), BENCH_HOSTILE_ROUNDS of each, BENCH_HOSTILE_SECONDS long:
 *   - baseline: correct-PIN bridge logons, open-loop, evenly paced at the logon rate (latency
 *     from each request's scheduled time, as bench/paced-load.ts measures it) → p99;
 *   - hostile: the same logons while BENCH_HOSTILE_CONNECTIONS keep-alive connections send,
 *     back to back, `?filter=` of 100 `*` and a letter (must answer 200) and of 10,000 `*`
 *     (must answer 400) alternately, as the viewer. Any other status fails the bench.
 * Figures: the median over rounds of (logon p99 of a hostile round ÷ p99 of the baseline
 * round before it); the hostile requests' count, p50 and max per kind; how busy the machine
 * was and the server's CPU seconds per second in each kind of round. No timing goal fails
 * the run: the figures are printed for the reader.
 *
 * Environment: BENCH_HOSTILE_USERS (200), BENCH_HOSTILE_LOGON_RATE (default: half the raw
 * verify rate), BENCH_HOSTILE_ROUNDS (5), BENCH_HOSTILE_SECONDS (4), BENCH_HOSTILE_CONNECTIONS
 * (2), BENCH_HOSTILE_WARMUP_SECONDS (10: both kinds of request before measuring, so V8 has
 * compiled their paths), BENCH_HOSTILE_ENGINES (sqlite,postgresql), BENCH_HOSTILE_PORT.
 */
import http from 'node:http';
import { createApiToken } from '../lib/db/api-tokens';
import type { DbHandle } from '../lib/db/client';
import { createArgon2Hasher } from '../lib/pin/hasher';
import type { BenchUser } from './bench-users';
import {
  argon2Params,
  ensureBuild,
  forEachEngine,
  freePort,
  pepper,
  prepareBenchDatabase,
  rerunWithServerThreadPool,
  runBench,
  startBenchServer,
} from './bench-server';
import { median, pacedLogons, quantile, runConcurrently, type LogonTarget } from './paced-load';
import { addTicks, machineCpuTicks, percent, postgresCpuMs, processCpuMs, type Ticks } from './proc-cpu';

const USERS = Number(process.env.BENCH_HOSTILE_USERS ?? 200);
const FIXED_LOGON_RATE = process.env.BENCH_HOSTILE_LOGON_RATE ? Number(process.env.BENCH_HOSTILE_LOGON_RATE) : null;
const ROUNDS = Number(process.env.BENCH_HOSTILE_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_HOSTILE_SECONDS ?? 4);
const HOSTILE_CONNECTIONS = Number(process.env.BENCH_HOSTILE_CONNECTIONS ?? 2);
const WARMUP_SECONDS = Number(process.env.BENCH_HOSTILE_WARMUP_SECONDS ?? 10);
const ENGINES = (process.env.BENCH_HOSTILE_ENGINES ?? 'sqlite,postgresql').split(',');
const LOGON_CONNECTIONS = 16;
const RAW_OPS = 200;

/** The two hostile requests and the status each must get. */
const hostileKinds = [
  { name: '100 * + letter', filter: `${'*'.repeat(100)}a`, status: 200 },
  { name: '10,000 *', filter: '*'.repeat(10_000), status: 400 },
] as const;

type HostileStats = { latencies: number[][]; statuses: Map<string, number>[] };

/** The viewer: the last seeded user, given only CsViewOnlyAdministrator and a personal API token. */
async function addViewerToken(handle: DbHandle, users: BenchUser[]): Promise<string> {
  const viewer = users[users.length - 1];
  await handle.db.roleAssignment.create({ data: { userId: viewer.id, role: 'CsViewOnlyAdministrator' } });
  const { secret } = await createApiToken(handle, { ownerId: viewer.id, name: 'bench-viewer', expiresAt: null }, { actor: { type: 'system', name: 'bench' } });
  return secret;
}

/** One request with the viewer's token; its status and body. */
function viewerRequest(agent: http.Agent, url: string, token: string, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const request = http.request(url, { method, agent, headers: { authorization: `Bearer ${token}` } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', (error) => resolve({ status: 0, body: error.message }));
    request.end();
  });
}

/** Hostile requests back to back on HOSTILE_CONNECTIONS connections, kinds alternating, until `stop()`. */
function startHostileLoad(serverUrl: string, token: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: HOSTILE_CONNECTIONS });
  const stats: HostileStats = { latencies: hostileKinds.map(() => []), statuses: hostileKinds.map(() => new Map()) };
  let running = true;
  let sent = 0;
  const workers = Array.from({ length: HOSTILE_CONNECTIONS }, async () => {
    while (running) {
      const kind = sent++ % hostileKinds.length;
      const started = performance.now();
      const { status } = await viewerRequest(agent, `${serverUrl}/api/v1/pin-policies?filter=${hostileKinds[kind].filter}`, token);
      stats.latencies[kind].push(performance.now() - started);
      stats.statuses[kind].set(String(status), (stats.statuses[kind].get(String(status)) ?? 0) + 1);
    }
  });
  return {
    async stop(): Promise<HostileStats> {
      running = false;
      await Promise.all(workers);
      agent.destroy();
      return stats;
    },
  };
}

/** Logons paced for SECONDS, with the hostile load beside them when `token` is given; p99, machine and server CPU. */
async function round(target: LogonTarget, rate: number, serverPid: number, token: string | null) {
  const machine = machineCpuTicks();
  const serverBefore = processCpuMs(serverPid) + postgresCpuMs();
  const started = performance.now();
  const hostile = token ? startHostileLoad(target.url, token) : null;
  const { p99Ms } = await pacedLogons(target, rate, SECONDS, LOGON_CONNECTIONS);
  const stats = await hostile?.stop();
  const busy: Ticks = { busy: 0, total: 0 };
  addTicks(busy, machine);
  const seconds = (performance.now() - started) / 1000;
  return { p99Ms, stats, busy, serverCpuPerSecond: (processCpuMs(serverPid) + postgresCpuMs() - serverBefore) / 1000 / seconds };
}

async function benchEngine(label: string, databaseUrl: string) {
  const hasher = createArgon2Hasher(pepper, argon2Params);
  const { users: seeded, key, more: token } = await prepareBenchDatabase(databaseUrl, hasher, USERS + 1, addViewerToken);
  const users = seeded.slice(0, USERS);
  const rawHash = await hasher.hash(users[0].pin);
  const rawRate = await runConcurrently(RAW_OPS, LOGON_CONNECTIONS, async () => {
    if (!(await hasher.verify(rawHash, users[0].pin))) throw new Error('The raw verify rejected its own PIN.');
  });
  const rate = FIXED_LOGON_RATE ?? Math.max(1, Math.round(rawRate / 2));
  const server = await startBenchServer(await freePort(process.env.BENCH_HOSTILE_PORT), databaseUrl);
  try {
    const target = { url: server.url, key, users };
    const probe = new http.Agent({ keepAlive: false });
    const write = await viewerRequest(probe, `${server.url}/api/v1/pin-policies?identity=site:Bench`, token, 'DELETE');
    if (write.status !== 403) throw new Error(`The viewer's token was not refused a write (status ${write.status}): the hostile requests would not run as the weakest role.`);

    // Warm-up: both routes and both kinds of request, until V8 has compiled their paths.
    const warmUp = startHostileLoad(server.url, token);
    await pacedLogons(target, rate, WARMUP_SECONDS, LOGON_CONNECTIONS);
    await warmUp.stop();

    const ratios: number[] = [];
    const p99s = { baseline: [] as number[], hostile: [] as number[] };
    const busy = { baseline: { busy: 0, total: 0 }, hostile: { busy: 0, total: 0 } };
    const serverCpu = { baseline: [] as number[], hostile: [] as number[] };
    const latencies: number[][] = hostileKinds.map(() => []);
    const statuses: Map<string, number>[] = hostileKinds.map(() => new Map());
    for (let i = 0; i < ROUNDS; i++) {
      const baseline = await round(target, rate, server.pid, null);
      const hostile = await round(target, rate, server.pid, token);
      p99s.baseline.push(baseline.p99Ms);
      p99s.hostile.push(hostile.p99Ms);
      ratios.push(hostile.p99Ms / baseline.p99Ms);
      for (const [name, r] of [['baseline', baseline], ['hostile', hostile]] as const) {
        busy[name].busy += r.busy.busy;
        busy[name].total += r.busy.total;
        serverCpu[name].push(r.serverCpuPerSecond);
      }
      hostileKinds.forEach((_, kind) => {
        latencies[kind].push(...hostile.stats!.latencies[kind]);
        for (const [status, count] of hostile.stats!.statuses[kind]) statuses[kind].set(status, (statuses[kind].get(status) ?? 0) + count);
      });
    }

    const msList = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
    console.log(
      `${label.padEnd(11)} logons at ${rate}/s (raw argon2 verify ${rawRate.toFixed(0)}/s) · logon p99 with hostile load ÷ without: ${median(ratios).toFixed(2)} (rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}) · ` +
        `p99 without ${median(p99s.baseline).toFixed(1)} ms (${msList(p99s.baseline)}), with ${median(p99s.hostile).toFixed(1)} ms (${msList(p99s.hostile)})`,
    );
    const problems: string[] = [];
    hostileKinds.forEach((kind, i) => {
      const counts = [...statuses[i]].map(([status, count]) => `${count} × ${status}`).join(', ');
      console.log(
        `${''.padEnd(11)} GET /api/v1/pin-policies?filter=<${kind.name}>: ${counts} · p50 ${quantile(latencies[i], 0.5).toFixed(1)} ms, max ${quantile(latencies[i], 1).toFixed(1)} ms`,
      );
      const wrong = [...statuses[i]].filter(([status]) => status !== String(kind.status));
      if (wrong.length > 0) problems.push(`?filter=<${kind.name}> must answer ${kind.status}, got ${wrong.map(([s, c]) => `${c} × ${s}`).join(', ')}`);
    });
    console.log(
      `${''.padEnd(11)} machine busy ${percent(busy.baseline)} without, ${percent(busy.hostile)} with · server${label === 'PostgreSQL' ? ' + PostgreSQL' : ''} CPU ` +
        `${median(serverCpu.baseline).toFixed(2)} s/s without, ${median(serverCpu.hostile).toFixed(2)} s/s with`,
    );
    if (problems.length > 0) throw new Error(`${label}: ${problems.join('; ')}.`);
  } finally {
    await server.stop();
  }
}

async function main() {
  rerunWithServerThreadPool();
  ensureBuild();
  console.log(
    `Hostile input over HTTP: ${USERS} users; bridge logons at ${FIXED_LOGON_RATE ? `${FIXED_LOGON_RATE}/s` : 'half the raw argon2 verify rate'}; ` +
      `${ROUNDS} rounds of ${SECONDS} s each without and with ${HOSTILE_CONNECTIONS} connections of hostile filters; ` +
      `argon2id m=${argon2Params.memoryCost} t=${argon2Params.timeCost} p=${argon2Params.parallelism}; ${process.env.UV_THREADPOOL_SIZE} libuv threads in the server and here`,
  );
  await forEachEngine(ENGINES, { sqlite: 'bench-hostile', postgres: 'pindesk_bench_hostile' }, benchEngine);
}

runBench(main);
