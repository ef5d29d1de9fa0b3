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
 * Rounds of three kinds take turns (the machine is noisy: a pause hits whichever round it
 * falls in, and the median over rounds leaves it out), BENCH_HOSTILE_ROUNDS of each,
 * BENCH_HOSTILE_SECONDS long:
 *   - without: correct-PIN bridge logons, open-loop, evenly paced at the logon rate (latency
 *     from each request's scheduled time, as bench/paced-load.ts measures it) → p99;
 *   - hostile: the same logons while BENCH_HOSTILE_CONNECTIONS keep-alive connections send,
 *     back to back, `?filter=` of 100 `*` and a letter (must answer 200) and of 10,000 `*`
 *     (must answer 400) alternately, as the viewer. Any other status fails the bench;
 *   - ordinary: the same, with the filters `site:*` and `global` (both 200). Any flood of
 *     requests takes CPU from argon2 on a small machine; this round shows how much of the
 *     hostile round's delay is that, and how much the hostile input's own.
 * Figures: the median over rounds of (logon p99 of a hostile round ÷ p99 of the round without
 * before it), and the same for the ordinary round; the viewer's requests' count per status,
 * p50 and max per kind; how busy the machine was and the server's CPU seconds per second in
 * each kind of round. No timing goal fails the run: the figures are printed for the reader.
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

type RequestKind = { name: string; filter: string; status: number };
type LoadStats = { latencies: number[][]; statuses: Map<string, number>[] };

/** The two hostile requests and the status each must get. */
const hostileKinds: RequestKind[] = [
  { name: '100 * + letter', filter: `${'*'.repeat(100)}a`, status: 200 },
  { name: '10,000 *', filter: '*'.repeat(10_000), status: 400 },
];

/**
 * The control: ordinary filters sent the same way. Any flood of requests back to back costs
 * the server CPU that argon2 would have had; this tells that cost apart from the hostile
 * input's own.
 */
const ordinaryKinds: RequestKind[] = [
  { name: 'site:*', filter: 'site:*', status: 200 },
  { name: 'global', filter: 'global', status: 200 },
];

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

/** The viewer's filter requests back to back on HOSTILE_CONNECTIONS connections, kinds alternating, until `stop()`. */
function startFilterLoad(serverUrl: string, token: string, kinds: RequestKind[]) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: HOSTILE_CONNECTIONS });
  const stats = emptyStats(kinds);
  let running = true;
  let sent = 0;
  const workers = Array.from({ length: HOSTILE_CONNECTIONS }, async () => {
    while (running) {
      const kind = sent++ % kinds.length;
      const started = performance.now();
      const { status } = await viewerRequest(agent, `${serverUrl}/api/v1/pin-policies?filter=${kinds[kind].filter}`, token);
      stats.latencies[kind].push(performance.now() - started);
      stats.statuses[kind].set(String(status), (stats.statuses[kind].get(String(status)) ?? 0) + 1);
    }
  });
  return {
    async stop(): Promise<LoadStats> {
      running = false;
      await Promise.all(workers);
      agent.destroy();
      return stats;
    },
  };
}

/** Logons paced for SECONDS, with the viewer's filter load beside them when `filters` are given; p99, machine and server CPU. */
async function round(target: LogonTarget, rate: number, serverPid: number, filters: { token: string; kinds: RequestKind[] } | null) {
  const machine = machineCpuTicks();
  const serverBefore = processCpuMs(serverPid) + postgresCpuMs();
  const started = performance.now();
  const load = filters ? startFilterLoad(target.url, filters.token, filters.kinds) : null;
  const { p99Ms } = await pacedLogons(target, rate, SECONDS, LOGON_CONNECTIONS);
  const stats = await load?.stop();
  const busy: Ticks = { busy: 0, total: 0 };
  addTicks(busy, machine);
  const seconds = (performance.now() - started) / 1000;
  return { p99Ms, stats, busy, serverCpuPerSecond: (processCpuMs(serverPid) + postgresCpuMs() - serverBefore) / 1000 / seconds };
}

const emptyStats = (kinds: RequestKind[]): LoadStats => ({ latencies: kinds.map(() => []), statuses: kinds.map(() => new Map()) });

function mergeStats(into: LoadStats, from: LoadStats) {
  from.latencies.forEach((latencies, kind) => into.latencies[kind].push(...latencies));
  from.statuses.forEach((statuses, kind) => {
    for (const [status, count] of statuses) into.statuses[kind].set(status, (into.statuses[kind].get(status) ?? 0) + count);
  });
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
    if (write.status !== 403)
      throw new Error(`The viewer's token was not refused a write (status ${write.status}): the hostile requests would not run as the weakest role.`);

    // Warm-up: both routes and every kind of request, until V8 has compiled their paths.
    const warmUp = startFilterLoad(server.url, token, [...hostileKinds, ...ordinaryKinds]);
    await pacedLogons(target, rate, WARMUP_SECONDS, LOGON_CONNECTIONS);
    await warmUp.stop();

    const loads = { without: null, hostile: hostileKinds, ordinary: ordinaryKinds };
    type LoadName = keyof typeof loads;
    const names = Object.keys(loads) as LoadName[];
    const p99s = { without: [] as number[], hostile: [] as number[], ordinary: [] as number[] };
    const busy = { without: { busy: 0, total: 0 }, hostile: { busy: 0, total: 0 }, ordinary: { busy: 0, total: 0 } };
    const serverCpu = { without: [] as number[], hostile: [] as number[], ordinary: [] as number[] };
    const requests = { hostile: emptyStats(hostileKinds), ordinary: emptyStats(ordinaryKinds) };
    const ratios = { hostile: [] as number[], ordinary: [] as number[] };
    for (let i = 0; i < ROUNDS; i++) {
      for (const name of names) {
        const kinds = loads[name];
        const result = await round(target, rate, server.pid, kinds ? { token, kinds } : null);
        p99s[name].push(result.p99Ms);
        busy[name].busy += result.busy.busy;
        busy[name].total += result.busy.total;
        serverCpu[name].push(result.serverCpuPerSecond);
        if (name !== 'without') {
          ratios[name].push(result.p99Ms / p99s.without[i]);
          mergeStats(requests[name], result.stats!);
        }
      }
    }

    const msList = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
    const ratioList = (values: number[]) => values.map((v) => v.toFixed(2)).join(', ');
    console.log(
      `${label.padEnd(11)} logons at ${rate}/s (raw argon2 verify ${rawRate.toFixed(0)}/s) · logon p99 with hostile load ÷ without: ${median(ratios.hostile).toFixed(2)} (rounds: ${ratioList(ratios.hostile)}); ` +
        `with ordinary filters instead ÷ without: ${median(ratios.ordinary).toFixed(2)} (${ratioList(ratios.ordinary)})`,
    );
    console.log(
      `${''.padEnd(11)} logon p99 without ${median(p99s.without).toFixed(1)} ms (${msList(p99s.without)}), with hostile load ${median(p99s.hostile).toFixed(1)} ms (${msList(p99s.hostile)}), ` +
        `with ordinary filters ${median(p99s.ordinary).toFixed(1)} ms (${msList(p99s.ordinary)})`,
    );
    const problems: string[] = [];
    for (const [kinds, stats] of [
      [hostileKinds, requests.hostile],
      [ordinaryKinds, requests.ordinary],
    ] as const) {
      kinds.forEach((kind, i) => {
        const counts = [...stats.statuses[i]].map(([status, count]) => `${count} × ${status}`).join(', ');
        console.log(
          `${''.padEnd(11)} GET /api/v1/pin-policies?filter=<${kind.name}>: ${counts} · p50 ${quantile(stats.latencies[i], 0.5).toFixed(1)} ms, max ${quantile(stats.latencies[i], 1).toFixed(1)} ms`,
        );
        const wrong = [...stats.statuses[i]].filter(([status]) => status !== String(kind.status));
        if (wrong.length > 0) problems.push(`?filter=<${kind.name}> must answer ${kind.status}, got ${wrong.map(([s, c]) => `${c} × ${s}`).join(', ')}`);
      });
    }
    console.log(
      `${''.padEnd(11)} machine busy ${names.map((name) => `${percent(busy[name])} ${name}`).join(', ')} · server${label === 'PostgreSQL' ? ' + PostgreSQL' : ''} CPU ` +
        `${names.map((name) => `${median(serverCpu[name]).toFixed(2)} s/s ${name}`).join(', ')}`,
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
      `${ROUNDS} rounds of ${SECONDS} s each without, with hostile and with ordinary filters back to back on ${HOSTILE_CONNECTIONS} connections; ` +
      `argon2id m=${argon2Params.memoryCost} t=${argon2Params.timeCost} p=${argon2Params.parallelism}; ${process.env.UV_THREADPOOL_SIZE} libuv threads in the server and here`,
  );
  await forEachEngine(ENGINES, { sqlite: 'bench-hostile', postgres: 'pindesk_bench_hostile' }, benchEngine);
}

runBench(main);
