import { describe, expect, it } from 'vitest';
import type { BulkPlan } from '../pin/use-cases/bulk';
import { whatIfRows } from './whatif-rows';

const plan = (over: Partial<BulkPlan>): BulkPlan => ({
  kind: 'set-pin',
  total: 0,
  changed: 0,
  skipped: { locked: 0, disabled: 0, 'has-pin': 0, 'already-locked': 0 },
  unlocked: 0,
  replaced: 0,
  summary: '',
  ...over,
});

const sumOfParts = (rows: { count: number }[]) => rows.slice(0, -1).reduce((sum, r) => sum + r.count, 0);

describe('whatIfRows', () => {
  it('"keep": users with a PIN are a skipped row, and the rows add up to the selection', () => {
    const rows = whatIfRows(plan({ total: 273, changed: 180, skipped: { locked: 3, disabled: 2, 'has-pin': 88, 'already-locked': 0 } }), 'keep');
    expect(rows).toEqual([
      { label: 'Without a PIN', outcome: 'Will get a PIN', count: 180 },
      { label: 'With a PIN', outcome: 'Skipped: keep their PIN', count: 88 },
      { label: 'Locked', outcome: 'Skipped: unlock them first or choose "Also unlock locked PINs"', count: 3 },
      { label: 'Disabled', outcome: 'Skipped', count: 2 },
      { label: 'Total selected', outcome: '', count: 273 },
    ]);
    expect(sumOfParts(rows)).toBe(273);
  });

  it('"replace": the users whose PIN is replaced are counted apart from those who get a first one', () => {
    const rows = whatIfRows(
      plan({ total: 273, changed: 268, replaced: 88, skipped: { locked: 3, disabled: 2, 'has-pin': 0, 'already-locked': 0 } }),
      'replace',
    );
    expect(rows.slice(0, 2)).toEqual([
      { label: 'Without a PIN', outcome: 'Will get a PIN', count: 180 },
      { label: 'With a PIN', outcome: 'PIN will be replaced', count: 88 },
    ]);
    expect(sumOfParts(rows)).toBe(273);
  });

  it('lock, unlock and assign policy add up too', () => {
    const lock = whatIfRows(plan({ kind: 'lock', total: 5, changed: 3, skipped: { locked: 0, disabled: 0, 'has-pin': 0, 'already-locked': 2 } }), 'replace');
    expect(lock.map((r) => [r.label, r.count])).toEqual([
      ['Not locked', 3],
      ['Already locked', 2],
      ['Total selected', 5],
    ]);
    for (const kind of ['unlock', 'assign-policy'] as const) expect(sumOfParts(whatIfRows(plan({ kind, total: 4, changed: 4 }), 'replace'))).toBe(4);
  });
});
