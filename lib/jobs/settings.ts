/** Bulk job runner settings from the environment, validated (a typo must not silently mean "default"). */
export type JobRunnerSettings = { enabled: boolean; leaseMs: number; concurrency?: number };

function positiveInt(env: Record<string, string | undefined>, name: string, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${name} must be a whole number from 1 to ${max} (got "${raw}").`);
  return value;
}

export function jobRunnerSettings(env: Record<string, string | undefined>): JobRunnerSettings {
  const flag = env.PINDESK_JOB_RUNNER ?? '1';
  if (flag !== '0' && flag !== '1') throw new Error(`PINDESK_JOB_RUNNER must be 1 (run bulk jobs in this instance) or 0 (do not) (got "${flag}").`);
  return {
    enabled: flag === '1',
    leaseMs: (positiveInt(env, 'BULK_JOB_LEASE_SECONDS', 3600) ?? 60) * 1000,
    concurrency: positiveInt(env, 'BULK_JOB_CONCURRENCY', 256),
  };
}
