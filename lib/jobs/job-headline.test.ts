import { describe, expect, it } from 'vitest';
import { jobHeadline, type HeadlineJob } from './job-headline';

const job = (over: Partial<HeadlineJob>): HeadlineJob => ({
  kind: 'set-pin',
  status: 'completed',
  summary: '268 users will get a new PIN.',
  done: 0,
  skipped: 0,
  failed: 0,
  ...over,
});

describe('jobHeadline', () => {
  it('is the confirmed WhatIf while the job runs', () => {
    expect(jobHeadline(job({ status: 'running', done: 10 }))).toBe('268 users will get a new PIN.');
  });

  it.each([
    [{ done: 268 }, 'Set 268 PINs.'],
    [{ done: 1 }, 'Set 1 PIN.'],
    [{ done: 268, skipped: 5, failed: 1 }, 'Set 268 PINs; skipped 5 users; 1 user failed.'],
    [{ done: 1200, skipped: 1 }, 'Set 1,200 PINs; skipped 1 user.'],
    [{ status: 'cancelled' as const, done: 100, skipped: 2 }, 'Set 100 PINs before the job was cancelled; skipped 2 users.'],
    [{ kind: 'lock', done: 3, skipped: 2 }, 'Locked 3 PINs; skipped 2 users.'],
    [{ kind: 'unlock', done: 2 }, 'Unlocked 2 PINs.'],
    [{ kind: 'assign-policy', done: 7 }, 'Assigned the policy to 7 users.'],
  ])('once ended, %j reads "%s" (past tense, never "will")', (over, expected) => {
    const headline = jobHeadline(job(over));
    expect(headline).toBe(expected);
    expect(headline).not.toMatch(/will/);
  });
});
