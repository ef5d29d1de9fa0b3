import { describe, expect, it } from 'vitest';
import { formatDuration, jobProgress } from './progress';

const job = { total: 1000, done: 180, skipped: 15, failed: 5, startedAt: 0, finishedAt: null, status: 'running' };

describe('jobProgress', () => {
  it('counts skipped and failed users as processed and extrapolates the time left', () => {
    expect(jobProgress(job, 10_000)).toEqual({ processed: 200, total: 1000, percent: 20, perSecond: 20, secondsLeft: 40 });
  });
  it('gives no rate before there is anything to go on, and no time left once the job has ended', () => {
    expect(jobProgress({ ...job, done: 0, skipped: 0, failed: 0 }, 10_000)).toMatchObject({ perSecond: null, secondsLeft: null });
    expect(jobProgress({ ...job, status: 'completed', done: 980, finishedAt: 50_000 }, 90_000)).toMatchObject({
      percent: 100,
      perSecond: 20,
      secondsLeft: null,
    });
    expect(jobProgress({ ...job, total: 0, done: 0, skipped: 0, failed: 0 }, 1)).toMatchObject({ percent: 100 });
  });
});

describe('formatDuration', () => {
  it('reads like a person would say it', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(125)).toBe('2 min 5 s');
    expect(formatDuration(7500)).toBe('2 h 5 min');
  });
});
