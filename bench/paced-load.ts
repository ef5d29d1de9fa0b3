/**
 * Load shapes of the HTTP benchmarks (bench/logon-http.ts, bench/hostile-input.ts,
 * bench/soak.ts): calls at a fixed concurrency (a number of calls, or for a time), and open-loop
 * calls evenly paced, whose latencies run from each call's scheduled time (no coordinated
 * omission); correct-PIN bridge logons sent that way.
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

/** Calls of `task`, `concurrency` at a time, started until `seconds` have passed; the calls made and the seconds until the last ended. */
export async function runFor(seconds: number, concurrency: number, task: () => Promise<unknown>): Promise<{ calls: number; seconds: number }> {
  let calls = 0;
  const started = performance.now();
  const ends = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < ends) {
        calls++;
        await task();
      }
    }),
  );
  return { calls, seconds: (performance.now() - started) / 1000 };
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
  await pacedCalls(rate, seconds, task, (_, latencyMs) => latencies.push(latencyMs));
  return { p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99) };
}

/**
 * The schedule of `paced`, reporting each call as it ends: `done(i, latencyMs, result)`, the
 * latency from call i's scheduled time (the start + i / rate). Resolves when every call has ended.
 */
export async function pacedCalls<T>(rate: number, seconds: number, task: (i: number) => Promise<T>, done: (i: number, latencyMs: number, result: T) => void) {
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0.5) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(task(i).then((result) => done(i, performance.now() - due, result)));
  }
  await Promise.all(inFlight);
}

/** Paced correct-PIN logons over at most `connections` keep-alive connections; throws unless every answer was 200 accepted. */
export async function pacedLogons(target: LogonTarget, rate: number, seconds: number, connections: number) {
  const sender = logonSender(target, connections);
  const failures: string[] = [];
  const latency = await paced(rate, seconds, async (i) => {
    const failure = await sender.send(i);
    if (failure !== null) failures.push(failure);
  });
  sender.close();
  if (failures.length > 0) throw new Error(`Not every logon was accepted at ${rate}/s: ${failures.length} failed, e.g. ${failures[0]}`);
  return latency;
}

/**
 * Correct-PIN logons of `target.users` (call i logs on user i, cycling), over at most
 * `connections` keep-alive connections. `send` resolves with null when the answer was 200
 * `"result":"accepted"`, else with what came instead (status and the answer's start, or the
 * transport error); it never rejects. With `timeoutMs`, a request without a full answer by then
 * is abandoned as a failure.
 */
export function logonSender(target: LogonTarget, connections: number, timeoutMs?: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const endpoint = new URL(`${target.url}/api/v1/pin-logon`);
  const send = (i: number) =>
    new Promise<string | null>((resolve) => {
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
            resolve(response.statusCode !== 200 || !text.includes('"result":"accepted"') ? `${response.statusCode} ${text.slice(0, 100)}` : null);
          });
          response.on('error', (error) => resolve(error.message));
        },
      );
      request.on('error', (error) => resolve(error.message));
      if (timeoutMs !== undefined) {
        // From the send, not per idle socket: a request queued for a free connection waits too.
        const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        request.on('close', () => clearTimeout(timer));
      }
      request.end(body);
    });
  return { send, close: () => agent.destroy() };
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
