import { describe, expect, it } from 'vitest';
import { formatMinute, median, minuteStats, p99Drift, rssGrowthPercent, soakSettings, soakSummary, type MinuteStats } from './soak-stats';

const minute = (n: number, p99Ms: number, rssKib: number, errors = 0): MinuteStats => ({ minute: n, requests: 600, errors, p50Ms: 10, p99Ms, rssKib });

describe('soakSettings', () => {
  it('has the documented defaults', () => {
    expect(soakSettings({})).toEqual({ minutes: 10, users: 200, concurrency: 16, warmupSeconds: 10, capacitySeconds: 15, engine: 'sqlite', port: undefined });
  });

  it.each([
    [{ SOAK_MINUTES: '1' }, { minutes: 1 }],
    [{ SOAK_MINUTES: '120' }, { minutes: 120 }],
    [{ SOAK_USERS: ' 50 ' }, { users: 50 }],
    [{ SOAK_CONCURRENCY: '256' }, { concurrency: 256 }],
    [{ SOAK_ENGINE: 'PostgreSQL' }, { engine: 'postgresql' }],
    [{ SOAK_PORT: '4100' }, { port: '4100' }],
    [{ SOAK_MINUTES: '' }, { minutes: 10 }],
  ])('reads %j', (env, expected) => {
    expect(soakSettings(env)).toMatchObject(expected);
  });

  it.each([
    [{ SOAK_MINUTES: '0' }, 'SOAK_MINUTES must be from 1 to 120, not 0.'],
    [{ SOAK_MINUTES: '121' }, 'SOAK_MINUTES must be from 1 to 120, not 121.'],
    [{ SOAK_MINUTES: '2.5' }, 'SOAK_MINUTES must be a whole number from 1 to 120, not "2.5".'],
    [{ SOAK_MINUTES: 'ten' }, 'SOAK_MINUTES must be a whole number from 1 to 120, not "ten".'],
    [{ SOAK_USERS: '0' }, 'SOAK_USERS must be from 1 to 20000, not 0.'],
    [{ SOAK_CONCURRENCY: '-1' }, 'SOAK_CONCURRENCY must be a whole number from 1 to 256, not "-1".'],
    [{ SOAK_CAPACITY_SECONDS: '4' }, 'SOAK_CAPACITY_SECONDS must be from 5 to 120, not 4.'],
    [{ SOAK_ENGINE: 'mysql' }, 'SOAK_ENGINE must be sqlite or postgresql, not "mysql".'],
    [{ SOAK_PORT: '80' }, 'SOAK_PORT must be from 1024 to 65535, not 80.'],
  ])('refuses %j', (env, message) => {
    expect(() => soakSettings(env)).toThrow(message);
  });
});

describe('minute figures', () => {
  it('takes p50 and p99 by nearest rank over all requests of the minute', () => {
    const latencies = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(minuteStats(3, latencies, 2, 2048)).toEqual({ minute: 3, requests: 200, errors: 2, p50Ms: 100, p99Ms: 198, rssKib: 2048 });
    expect(formatMinute(minuteStats(3, latencies, 2, 2048))).toBe('minute   3:    200 requests,    2 errors, p50  100.0 ms, p99   198.0 ms, RSS 2.0 MiB');
  });

  it('gives RSS growth in percent of the first minute', () => {
    expect(rssGrowthPercent(200_000, 220_000)).toBeCloseTo(10);
    expect(rssGrowthPercent(200_000, 190_000)).toBeCloseTo(-5);
  });
});

describe('p99Drift', () => {
  it.each([
    [[40], 1],
    [[40, 60], 1.5],
    [[40, 50, 60], 1.5],
    // A lone slow minute in the middle does not move it; a trend does.
    [[40, 40, 40, 40, 300, 40, 40, 40, 40, 40], 1],
    [[40, 42, 44, 46, 48, 50, 52, 54, 56, 58], 55 / 43],
  ])('of %j is %d', (p99s, drift) => {
    expect(p99Drift(p99s)).toBeCloseTo(drift);
  });
});

describe('median', () => {
  it.each([
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1], 2.5],
    [[1, 2, 3, 10], 2.5],
  ])('of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('soakSummary', () => {
  it('says met for each goal within bounds', () => {
    const lines = soakSummary([minute(1, 40, 200_000), minute(2, 44, 210_000)]);
    expect(lines).toContain('goal RSS growth ≤ 10 %: met (5.0 %)');
    expect(lines).toContain('goal no errors: met (0)');
    expect(lines).toContain('goal p99 stable (drift ≤ 1.5): met (1.10)');
    expect(lines[2]).toBe('p99 per minute (ms): 40, 44; drift (median of the last 1 ÷ median of the first 1) 1.10; max ÷ median 1.05');
    expect(lines[0]).toBe('RSS after minute 1: 195.3 MiB; after minute 2: 205.1 MiB; growth 5.0 %');
  });

  it('says MISSED with the numbers', () => {
    const lines = soakSummary([minute(1, 40, 200_000), minute(2, 50, 210_000, 1), minute(3, 100, 230_000, 2)]);
    expect(lines).toContain('errors: 3 of 1800 requests');
    expect(lines).toContain('goal RSS growth ≤ 10 %: MISSED (15.0 %)');
    expect(lines).toContain('goal no errors: MISSED (3)');
    expect(lines).toContain('goal p99 stable (drift ≤ 1.5): MISSED (2.50)');
  });

  it('says when there is nothing to compare', () => {
    expect(soakSummary([])).toEqual(['No minute completed: nothing to summarize.']);
    expect(soakSummary([minute(1, 40, 200_000)])).toContain('goal RSS growth ≤ 10 %: met (0.0 %, one minute: nothing to compare)');
  });
});
