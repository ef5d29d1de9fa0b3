/**
 * npm run bench:soak — issue 24's soak: correct-PIN bridge logons at half the measured capacity
 * for SOAK_MINUTES against the production server; the server's memory, the errors and the
 * latency per minute, and whether the goals were met (no errors, RSS growth ≤ 10 %, p99 stable).
 *
 * Set-up as bench/logon-http.ts (bench/bench-server.ts): the production build (built first when
 * there is none), a fresh database (SQLite data/bench-soak.db; with SOAK_ENGINE=postgresql,
 * pindesk_bench_soak plus TEST_DB_SUFFIX, which must be reachable), migrated, SOAK_USERS users
 * with known PINs and a bridge allowed 1,000,000 requests a minute; then server.ts on a free
 * loopback port, exactly as `npm start` runs it. The server is stopped at the end, on failure
 * and on Ctrl+C (which prints the minutes done so far first).
 *
 * 1. Warm-up: SOAK_WARMUP_SECONDS of logons, as 2., not measured (V8 compiles the hot path).
 * 2. Capacity: SOAK_CAPACITY_SECONDS of closed-loop correct-PIN logons, SOAK_CONCURRENCY in
 *    flight over as many keep-alive connections → accepted logons per second.
 * 3. Soak: correct-PIN logons open-loop, evenly paced at half that capacity (rounded, at least
 *    1/s) for SOAK_MINUTES, over at most SOAK_CONCURRENCY keep-alive connections; one schedule
 *    for the whole run (no pause between minutes). Each latency runs from the request's
 *    scheduled time to the end of its answer (no coordinated omission: bench/paced-load.ts).
 *    A request belongs to the minute it was scheduled in. An error is any answer but 200
 *    `"result":"accepted"`, a transport error, or no answer within 10 s. When the last request
 *    of a minute has ended, a line: requests, errors, p50 and p99 over all its requests, and the
 *    resident memory (VmRSS) of the server process and any process below it, from /proc.
 * Then the summary (bench/soak-stats.ts): RSS after minute 1 and after the last, growth in %
 * (goal ≤ 10 %); errors (goal 0); each minute's p99 and its drift, the median of the last third
 * of the minutes ÷ that of the first third (goal ≤ 1.5); a verdict line per goal. A missed goal
 * is a measurement, not a failure: the exit code is 1 only when the bench could not run.
 *
 * Environment (bounds checked; a bad value stops the bench with a message):
 * SOAK_MINUTES (10; 1–120), SOAK_USERS (200; 1–20,000), SOAK_CONCURRENCY (16; 1–256),
 * SOAK_WARMUP_SECONDS (10; 0–300), SOAK_CAPACITY_SECONDS (15; 5–120), SOAK_ENGINE (sqlite |
 * postgresql), SOAK_PORT (default: a free port), TEST_DB_SUFFIX (PostgreSQL database name).
 */
import os from 'node:os';
import type { ProductionServer } from '../scripts/production-server';
import { postgresAvailable } from '../scripts/test-databases';
import { createArgon2Hasher } from '../lib/pin/hasher';
import { argon2Params, ensureBuild, forEachEngine, freePort, pepper, prepareBenchDatabase, runBench, startBenchServer } from './bench-server';
import { logonSender, pacedCalls, runFor, type LogonTarget } from './paced-load';
import { processTreeRssKib } from './proc-memory';
import { formatMinute, mib, minuteStats, soakSettings, soakSummary, type MinuteStats, type SoakSettings } from './soak-stats';

const REQUEST_TIMEOUT_MS = 10_000;

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** Closed-loop logons for `seconds`: accepted per second, and the failures. */
async function closedLoop(target: LogonTarget, seconds: number, concurrency: number) {
  const sender = logonSender(target, concurrency, REQUEST_TIMEOUT_MS);
  let i = 0;
  let accepted = 0;
  const failures: string[] = [];
  try {
    const run = await runFor(seconds, concurrency, async () => {
      const failure = await sender.send(i++);
      if (failure === null) accepted++;
      else failures.push(failure);
    });
    return { acceptedPerSecond: accepted / run.seconds, calls: run.calls, failures };
  } finally {
    sender.close();
  }
}

/** Runs the paced soak, printing each minute as it completes; resolves with every minute's figures. */
async function soak(target: LogonTarget, server: ProductionServer, settings: SoakSettings, rate: number, minutes: MinuteStats[], interrupted: () => boolean) {
  const perMinute = rate * 60;
  const buckets = Array.from({ length: settings.minutes }, () => ({ latencies: [] as number[], errors: 0, firstError: null as string | null }));
  const sender = logonSender(target, settings.concurrency, REQUEST_TIMEOUT_MS);
  try {
    await pacedCalls(
      rate,
      settings.minutes * 60,
      (i) => sender.send(i),
      (i, latencyMs, failure) => {
        const bucket = buckets[Math.floor(i / perMinute)];
        bucket.latencies.push(latencyMs);
        if (failure !== null) {
          bucket.errors++;
          bucket.firstError ??= failure;
        }
        if (interrupted()) return;
        // Minutes end in order, give or take a slow request: print each once it and all before it are complete.
        for (let m = minutes.length; m < buckets.length && buckets[m].latencies.length === perMinute; m++) {
          const stats = minuteStats(m + 1, buckets[m].latencies, buckets[m].errors, processTreeRssKib(server.pid));
          minutes.push(stats);
          console.log(formatMinute(stats) + (buckets[m].firstError ? ` (e.g. ${buckets[m].firstError})` : ''));
          buckets[m].latencies = [];
        }
      },
    );
  } finally {
    sender.close();
  }
}

async function soakEngine(label: string, databaseUrl: string, settings: SoakSettings) {
  const hasher = createArgon2Hasher(pepper, argon2Params);
  const { users, key } = await prepareBenchDatabase(databaseUrl, hasher, settings.users);
  const server = await startBenchServer(await freePort(settings.port), databaseUrl);
  const minutes: MinuteStats[] = [];
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    console.log(`\n${signal}: stopping after ${minutes.length} complete minute(s).`);
    for (const line of soakSummary(minutes)) console.log(line);
    void server.stop().then(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const target = { url: server.url, key, users };
    console.log(`${label}: server pid ${server.pid} on ${server.url}, RSS ${mib(processTreeRssKib(server.pid))} after start-up`);
    if (settings.warmupSeconds > 0) await closedLoop(target, settings.warmupSeconds, settings.concurrency);
    const capacity = await closedLoop(target, settings.capacitySeconds, settings.concurrency);
    if (capacity.acceptedPerSecond === 0) throw new Error(`The server accepted no logon while its capacity was measured, e.g. ${capacity.failures[0]}`);
    const rate = Math.max(1, Math.round(capacity.acceptedPerSecond / 2));
    console.log(
      `capacity: ${capacity.acceptedPerSecond.toFixed(1)} accepted logons/s (closed loop, ${settings.concurrency} in flight, ${settings.capacitySeconds} s, ` +
        `${capacity.calls} requests, ${capacity.failures.length} errors${capacity.failures.length ? `, e.g. ${capacity.failures[0]}` : ''}) → soak at ${rate}/s for ${settings.minutes} min; ` +
        `RSS ${mib(processTreeRssKib(server.pid))}; load average ${loadAverage()}`,
    );
    await soak(target, server, settings, rate, minutes, () => interrupted);
    if (interrupted) return;
    console.log(`summary (${label}, capacity ${capacity.acceptedPerSecond.toFixed(1)}/s, soak rate ${rate}/s, load average ${loadAverage()}):`);
    for (const line of soakSummary(minutes)) console.log(`  ${line}`);
  } finally {
    if (!interrupted) await server.stop();
  }
}

async function main() {
  const settings = soakSettings(process.env);
  if (settings.engine === 'postgresql' && !(await postgresAvailable())) {
    throw new Error('SOAK_ENGINE=postgresql, but PostgreSQL is not reachable (TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/postgres).');
  }
  ensureBuild();
  console.log(
    `Soak: bridge logons at half the measured capacity for ${settings.minutes} min; ${settings.users} users, concurrency ${settings.concurrency}; ` +
      `argon2id m=${argon2Params.memoryCost} t=${argon2Params.timeCost} p=${argon2Params.parallelism}; ${os.cpus().length} cores, load average ${loadAverage()}`,
  );
  await forEachEngine([settings.engine], { sqlite: 'bench-soak', postgres: 'pindesk_bench_soak' }, (label, url) => soakEngine(label, url, settings));
}

runBench(main);
