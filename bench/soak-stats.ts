/**
 * The pure parts of bench/soak.ts: its settings from the environment (bounded, with clear
 * errors), one minute's figures, and the goals' verdicts over the whole run.
 */
import { quantile } from './paced-load';

export type SoakSettings = {
  minutes: number;
  users: number;
  concurrency: number;
  warmupSeconds: number;
  capacitySeconds: number;
  engine: 'sqlite' | 'postgresql';
  /** A fixed port for the server, else a free one. */
  port: string | undefined;
};

/** Thrown for a setting out of bounds or not a number; the bench prints the message and exits 1. */
export class SoakSettingError extends Error {}

function boundedInteger(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text)) throw new SoakSettingError(`${name} must be a whole number from ${min} to ${max}, not "${text}".`);
  const value = Number(text);
  if (value < min || value > max) throw new SoakSettingError(`${name} must be from ${min} to ${max}, not ${value}.`);
  return value;
}

export function soakSettings(env: Record<string, string | undefined>): SoakSettings {
  const engine = (env.SOAK_ENGINE?.trim() || 'sqlite').toLowerCase();
  if (engine !== 'sqlite' && engine !== 'postgresql') throw new SoakSettingError(`SOAK_ENGINE must be sqlite or postgresql, not "${env.SOAK_ENGINE}".`);
  const port = env.SOAK_PORT?.trim() || undefined;
  if (port !== undefined) boundedInteger(env, 'SOAK_PORT', 0, 1024, 65535);
  return {
    minutes: boundedInteger(env, 'SOAK_MINUTES', 10, 1, 120),
    // Each user's PIN is hashed with argon2 at set-up (about 5 ms each here).
    users: boundedInteger(env, 'SOAK_USERS', 200, 1, 20_000),
    concurrency: boundedInteger(env, 'SOAK_CONCURRENCY', 16, 1, 256),
    warmupSeconds: boundedInteger(env, 'SOAK_WARMUP_SECONDS', 10, 0, 300),
    capacitySeconds: boundedInteger(env, 'SOAK_CAPACITY_SECONDS', 15, 5, 120),
    engine,
    port,
  };
}

export type MinuteStats = { minute: number; requests: number; errors: number; p50Ms: number; p99Ms: number; rssKib: number };

/** One minute of the soak: `latencies` of all its requests, answered or not; `rssKib` the server's memory at its end. */
export function minuteStats(minute: number, latencies: number[], errors: number, rssKib: number): MinuteStats {
  return { minute, requests: latencies.length, errors, p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99), rssKib };
}

export const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;

export function formatMinute(stats: MinuteStats): string {
  return (
    `minute ${String(stats.minute).padStart(3)}: ${String(stats.requests).padStart(6)} requests, ${String(stats.errors).padStart(4)} errors, ` +
    `p50 ${stats.p50Ms.toFixed(1).padStart(6)} ms, p99 ${stats.p99Ms.toFixed(1).padStart(7)} ms, RSS ${mib(stats.rssKib)}`
  );
}

export function rssGrowthPercent(firstKib: number, lastKib: number): number {
  return ((lastKib - firstKib) / firstKib) * 100;
}

/**
 * How far p99 drifted over the run: the median p99 of the last third of the minutes ÷ that of
 * the first third (a third rounded up: with 2 minutes, last ÷ first; with 10, 4 and 4). A soak
 * looks for a server that gets slower as it runs (a leak, a growing table or cache, more
 * garbage to collect), which is a trend; one minute spoiled by a pause of the machine — this
 * VM stalls 50–300 ms now and then — changes a median of several minutes little, where the
 * max ÷ median over minutes (printed too) would take it for the server's doing.
 */
export function p99Drift(p99s: number[]): number {
  const third = Math.ceil(p99s.length / 3);
  return median(p99s.slice(-third)) / median(p99s.slice(0, third));
}

/** The middle value, or the mean of the two middle values of an even count (with 2 minutes, max ÷ median is then not 1 by definition). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
}

export const GOALS = { errors: 0, rssGrowthPercent: 10, p99Drift: 1.5 } as const;

const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

/** The summary after the last minute: memory, errors, p99 per minute, one verdict line per goal. */
export function soakSummary(minutes: MinuteStats[]): string[] {
  if (minutes.length === 0) return ['No minute completed: nothing to summarize.'];
  const first = minutes[0];
  const last = minutes[minutes.length - 1];
  const requests = minutes.reduce((sum, m) => sum + m.requests, 0);
  const errors = minutes.reduce((sum, m) => sum + m.errors, 0);
  const growth = rssGrowthPercent(first.rssKib, last.rssKib);
  const p99s = minutes.map((m) => m.p99Ms);
  const drift = p99Drift(p99s);
  const third = Math.ceil(minutes.length / 3);
  return [
    `RSS after minute 1: ${mib(first.rssKib)}; after minute ${last.minute}: ${mib(last.rssKib)}; growth ${growth.toFixed(1)} %`,
    `errors: ${errors} of ${requests} requests`,
    `p99 per minute (ms): ${p99s.map((p) => p.toFixed(0)).join(', ')}; ` +
      `drift (median of the last ${third} ÷ median of the first ${third}) ${drift.toFixed(2)}; max ÷ median ${(Math.max(...p99s) / median(p99s)).toFixed(2)}`,
    `goal RSS growth ≤ ${GOALS.rssGrowthPercent} %: ${verdict(growth <= GOALS.rssGrowthPercent)} (${growth.toFixed(1)} %${minutes.length === 1 ? ', one minute: nothing to compare' : ''})`,
    `goal no errors: ${verdict(errors <= GOALS.errors)} (${errors})`,
    `goal p99 stable (drift ≤ ${GOALS.p99Drift}): ${verdict(drift <= GOALS.p99Drift)} (${drift.toFixed(2)})`,
  ];
}
