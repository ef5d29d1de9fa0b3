import { describe, expect, it } from 'vitest';
import { auditCheckpointIntervalMs } from './audit-checkpoints';

describe('auditCheckpointIntervalMs', () => {
  it('is 5 minutes when unset, else the whole number of minutes given (1 to 1440)', () => {
    expect(auditCheckpointIntervalMs({})).toBe(300_000);
    expect(auditCheckpointIntervalMs({ AUDIT_CHECKPOINT_MINUTES: '' })).toBe(300_000);
    expect(auditCheckpointIntervalMs({ AUDIT_CHECKPOINT_MINUTES: '1' })).toBe(60_000);
    expect(auditCheckpointIntervalMs({ AUDIT_CHECKPOINT_MINUTES: '1440' })).toBe(86_400_000);
  });

  it('refuses anything else, saying what it got and what is allowed', () => {
    for (const bad of ['0', '1441', '2.5', 'five', '-3', '1e3', '9'.repeat(30)]) {
      expect(() => auditCheckpointIntervalMs({ AUDIT_CHECKPOINT_MINUTES: bad })).toThrow(
        /AUDIT_CHECKPOINT_MINUTES must be a whole number of minutes from 1 to 1440 \(got "/,
      );
    }
  });
});
