import { describe, expect, it } from 'vitest';
import { syncSummary } from './sync-summary';

const zero = { created: 0, changed: 0, unchanged: 0, disabled: 0, removed: 0, restored: 0, deprovisioned: 0, skipped: 0 };

describe('syncSummary', () => {
  it('says the five counts the preview always shows, then what else happened', () => {
    expect(syncSummary({ ...zero, created: 124, changed: 12, disabled: 3, removed: 2, skipped: 4, unchanged: 1500 })).toBe(
      '124 new, 12 changed, 3 disabled, 2 removed, 4 skipped; 1,500 unchanged',
    );
    expect(syncSummary({ ...zero, restored: 1, deprovisioned: 2 })).toBe(
      '0 new, 0 changed, 0 disabled, 0 removed, 0 skipped; 1 restored, 2 deprovisioned, 0 unchanged',
    );
  });
});
