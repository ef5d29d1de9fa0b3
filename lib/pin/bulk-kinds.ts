/**
 * The kinds of bulk operation and their names, on their own so that client components can
 * show them without bundling the use cases (lib/pin/use-cases/bulk.ts), whose PIN generation
 * pulls Node's crypto polyfills into the browser — and those probe `Function(...)` on load,
 * which the Content-Security-Policy refuses.
 */
export const bulkKinds = ['set-pin', 'lock', 'unlock', 'assign-policy'] as const;
export type BulkKind = (typeof bulkKinds)[number];

export const bulkKindLabels: Record<BulkKind, string> = {
  'set-pin': 'Set PIN',
  lock: 'Lock PIN',
  unlock: 'Unlock PIN',
  'assign-policy': 'Assign policy',
};

/** Set PIN on users who already have one: leave their PIN (`keep`) or give them a new one. */
export const existingPinsChoices = ['keep', 'replace'] as const;
export type ExistingPins = (typeof existingPinsChoices)[number];
