/**
 * How often the server writes a signed checkpoint of the audit chain's head to its log
 * (lib/audit/checkpoint.ts). Validated at start: a typo must not silently mean "never".
 * Shorter intervals leave less of the trail's tail that only the database vouches for.
 */
import { wholeNumberSetting } from './whole-number-setting';

const DEFAULT_AUDIT_CHECKPOINT_MINUTES = 5;
const MAX_AUDIT_CHECKPOINT_MINUTES = 1440;

export function auditCheckpointIntervalMs(env: Record<string, string | undefined> = process.env): number {
  return wholeNumberSetting(env, 'AUDIT_CHECKPOINT_MINUTES', 1, MAX_AUDIT_CHECKPOINT_MINUTES, DEFAULT_AUDIT_CHECKPOINT_MINUTES, 'minutes') * 60_000;
}
