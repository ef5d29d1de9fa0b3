/**
 * How often the server writes a signed checkpoint of the audit chain's head to its log
 * (lib/audit/checkpoint.ts). Validated at start: a typo must not silently mean "never".
 * Shorter intervals leave less of the trail's tail that only the database vouches for.
 */
const DEFAULT_AUDIT_CHECKPOINT_MINUTES = 5;
const MAX_AUDIT_CHECKPOINT_MINUTES = 1440;

export function auditCheckpointIntervalMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.AUDIT_CHECKPOINT_MINUTES;
  if (raw === undefined || raw.trim() === '') return DEFAULT_AUDIT_CHECKPOINT_MINUTES * 60_000;
  const minutes = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(minutes) || minutes < 1 || minutes > MAX_AUDIT_CHECKPOINT_MINUTES) {
    throw new Error(
      `AUDIT_CHECKPOINT_MINUTES must be a whole number of minutes from 1 to ${MAX_AUDIT_CHECKPOINT_MINUTES} (got "${raw.slice(0, 40)}"); leave it unset for ${DEFAULT_AUDIT_CHECKPOINT_MINUTES}.`,
    );
  }
  return minutes * 60_000;
}
