/**
 * What a bulk job request looks like (from the Users page): which users, which operation,
 * its options. Validated with zod before anything is read or queued.
 */
import { z } from 'zod';
import type { Permission } from '../auth/permissions';
import { bulkKinds, existingPinsChoices, type BulkKind } from '../pin/use-cases/bulk';
import { MAX_USERS_LIMIT } from '../users/search-params';
import { userSearchSchema } from '../users/search-schema';

/** Explicit ids travel in the request; a whole result set travels as its search. */
export const MAX_SELECTED_IDS = 10_000;

export const bulkSelectionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('ids'),
    ids: z
      .array(z.string().min(1).max(64))
      .min(1, 'Select at least one user.')
      .max(MAX_SELECTED_IDS, `Select at most ${MAX_SELECTED_IDS.toLocaleString('en-US')} users one by one; for more, use "Select all search results".`),
  }),
  z.object({ kind: z.literal('search'), search: userSearchSchema }),
]);
export type BulkSelection = z.infer<typeof bulkSelectionSchema>;

export const bulkRequestSchema = z.object({
  kind: z.enum(bulkKinds, { error: `The operation must be one of: ${bulkKinds.join(', ')}.` }),
  selection: bulkSelectionSchema,
  options: z
    .object({
      unlockLocked: z.boolean().default(false),
      policy: z.string().max(80, 'A policy name can be at most 80 characters.').nullable().default(null),
      // Absent: keep, the safe choice; replacing working PINs has to be asked for.
      existingPins: z.enum(existingPinsChoices, { error: 'Existing PINs must be "keep" or "replace".' }).default('keep'),
    })
    .default({ unlockLocked: false, policy: null, existingPins: 'keep' }),
});
export type BulkRequest = z.infer<typeof bulkRequestSchema>;

/** The permission each operation needs: the same as its single-user action's. */
export function bulkPermission(kind: BulkKind): Permission {
  return kind === 'set-pin' ? 'pin.write' : kind === 'assign-policy' ? 'policy.grant' : 'pin.lock';
}

export const MAX_JOB_USERS = MAX_USERS_LIMIT;
