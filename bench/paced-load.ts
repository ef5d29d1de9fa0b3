/**
 * Load shapes of the HTTP benchmarks (bench/logon-http.ts, bench/hostile-input.ts): calls at
 * a fixed concurrency, and open-loop calls evenly paced, whose latencies run from each call's
 * scheduled time (no coordinated omission); correct-PIN bridge logons paced that way.
 */
import http from 'node:http';
import type { PinHasher } from '../lib/pin/hasher';
import type { BenchUser } from './bench-users';

export type LogonTarget = { url: string; key: string; users: BenchUser[] };

/** `ops` calls of `task`, `concurrency` at a time; calls per second. */
export async function runConcurrently(ops: number, concurrency: number, task: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < ops) await task();
    }),
  );
  return ops / ((performance.now() - started) / 1000);
}

/** The median time of `samples` sequential verifies of a correct PIN. */
export async function oneVerifyMs(hasher: PinHasher, stored: string, pin: string, samples = 40): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    if (!(await hasher.verify(stored, pin))) throw new Error('The raw verify rejected its own PIN.');
    times.push(performance.now() - started);
  }
  return median(times);
}

/**
 * Calls `task` open-loop at `rate` per second, evenly spaced, for `seconds`; each latency runs
 * from the call's scheduled time to its end, so a late timer or a wait counts.
 */
export async function paced(rate: number, seconds: number, task: (i: number) => Promise<void>) {
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
  return { p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99) };
}

/** Paced correct-PIN logons over at most `connections` keep-alive connections; throws unless every answer was 200 accepted. */
export async function pacedLogons(target: LogonTarget, rate: number, seconds: number, connections: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const endpoint = new URL(`${target.url}/api/v1/pin-logon`);
  const failures: string[] = [];
  const send = (i: number) =>
    new Promise<void>((resolve) => {
      const user = target.users[i % target.users.length];
      const body = JSON.stringify({ identity: user.extension, pin: user.pin });
      const request = http.request(
        endpoint,
        {
          method: 'POST',
          agent,
          headers: { authorization: `Bearer ${target.key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
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

/** The q-quantile (0.5, 0.99, 1) of `values`, nearest rank. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
