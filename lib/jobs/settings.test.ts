import { describe, expect, it } from 'vitest';
import { jobRunnerSettings } from './settings';

describe('jobRunnerSettings', () => {
  it('defaults: on, 60 s lease, concurrency from the cores', () => {
    expect(jobRunnerSettings({})).toEqual({ enabled: true, leaseMs: 60_000, concurrency: undefined });
  });
  it('reads and validates the variables, naming the bad one', () => {
    expect(jobRunnerSettings({ PINDESK_JOB_RUNNER: '0', BULK_JOB_LEASE_SECONDS: '5', BULK_JOB_CONCURRENCY: '4' })).toEqual({
      enabled: false,
      leaseMs: 5000,
      concurrency: 4,
    });
    expect(() => jobRunnerSettings({ PINDESK_JOB_RUNNER: 'yes' })).toThrow(/PINDESK_JOB_RUNNER must be 1/);
    expect(() => jobRunnerSettings({ BULK_JOB_LEASE_SECONDS: '0' })).toThrow(/BULK_JOB_LEASE_SECONDS must be a whole number from 1 to 3600 \(got "0"\)/);
    expect(() => jobRunnerSettings({ BULK_JOB_CONCURRENCY: '2.5' })).toThrow(/BULK_JOB_CONCURRENCY/);
  });
});
