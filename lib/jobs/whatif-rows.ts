/**
 * The WhatIf as a table: every selected user falls in exactly one row, so the counts add up
 * to the selection (the last row) and an administrator sees at a glance how many working
 * PINs a Set PIN job would replace before confirming it.
 */
import type { ExistingPins } from '../pin/bulk-kinds';
import type { BulkPlan } from '../pin/use-cases/bulk';

export type WhatIfRow = { label: string; outcome: string; count: number };

/** `existingPins`: the choice the plan was computed for (the plan's counts depend on it). */
export function whatIfRows(plan: BulkPlan, existingPins: ExistingPins): WhatIfRow[] {
  const rows: WhatIfRow[] = [];
  if (plan.kind === 'set-pin') {
    rows.push({ label: 'Without a PIN', outcome: 'Will get a PIN', count: plan.changed - plan.replaced });
    rows.push(
      existingPins === 'keep'
        ? { label: 'With a PIN', outcome: 'Skipped: keep their PIN', count: plan.skipped['has-pin'] }
        : { label: 'With a PIN', outcome: 'PIN will be replaced', count: plan.replaced },
    );
    rows.push({ label: 'Locked', outcome: 'Skipped: unlock them first or choose "Also unlock locked PINs"', count: plan.skipped.locked });
    rows.push({ label: 'Disabled', outcome: 'Skipped', count: plan.skipped.disabled });
  } else if (plan.kind === 'lock') {
    rows.push({ label: 'Not locked', outcome: 'Will be locked', count: plan.changed });
    rows.push({ label: 'Already locked', outcome: 'Left as they are', count: plan.skipped['already-locked'] });
  } else if (plan.kind === 'unlock') {
    rows.push({ label: 'Selected', outcome: 'Will be unlocked, failure counts reset', count: plan.changed });
  } else {
    rows.push({ label: 'Selected', outcome: 'Will be assigned the policy', count: plan.changed });
  }
  rows.push({ label: 'Total selected', outcome: '', count: plan.total });
  return rows;
}
