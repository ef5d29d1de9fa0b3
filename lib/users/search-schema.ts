/** zod schemas for searches that arrive as JSON (saved queries, imported files, actions). */
import { z } from 'zod';
import { inputLimits } from '../validation/input-limits';
import { hasUnusableCharacter, unusableCharacterMessage } from '../validation/text';
import {
  checkFilterClause,
  DEFAULT_MAX_USERS,
  filterOperators,
  filterProperties,
  MAX_FILTERS,
  MAX_USERS_LIMIT,
  sortColumns,
  type SortColumn,
  type UserSearch,
} from './search-params';

const clause = z
  .object({
    property: z.enum(Object.keys(filterProperties) as [keyof typeof filterProperties, ...(keyof typeof filterProperties)[]], {
      error: `Property must be one of: ${Object.values(filterProperties).join(', ')}.`,
    }),
    operator: z.enum(Object.keys(filterOperators) as [keyof typeof filterOperators, ...(keyof typeof filterOperators)[]], {
      error: `Operator must be one of: ${Object.values(filterOperators).join(', ')}.`,
    }),
    value: z.string().max(inputLimits.filterValue, `A filter value can be at most ${inputLimits.filterValue} characters.`).default(''),
  })
  .superRefine((value, ctx) => {
    for (const message of checkFilterClause(value)) ctx.addIssue({ code: 'custom', message });
  });

export const userSearchSchema = z.object({
  q: z
    .string()
    .max(inputLimits.searchText, `The search text can be at most ${inputLimits.searchText} characters.`)
    .refine((q) => !hasUnusableCharacter(q), unusableCharacterMessage('The search text'))
    .default(''),
  filters: z.array(clause).max(MAX_FILTERS, `At most ${MAX_FILTERS} filters.`).default([]),
  max: z
    .number()
    .int()
    .min(1)
    .max(MAX_USERS_LIMIT, `Maximum users to display must be from 1 to ${MAX_USERS_LIMIT.toLocaleString('en-US')}.`)
    .default(DEFAULT_MAX_USERS),
  page: z.number().int().min(1).default(1),
  sort: z.enum(Object.keys(sortColumns) as [SortColumn, ...SortColumn[]], { error: `Sort must be one of: ${Object.keys(sortColumns).join(', ')}.` }).optional(),
  order: z.enum(['asc', 'desc'], { error: 'Order must be asc or desc.' }).optional(),
}) satisfies z.ZodType<UserSearch, unknown>;

export const savedQueryNameSchema = z.string().trim().min(1, 'Give the query a name.').max(100, 'A query name can be at most 100 characters.');

/** The file format of exported saved queries. */
export const savedQueriesFileSchema = z.object({
  format: z.literal('pindesk-saved-queries', { error: 'This is not a PinDesk saved-queries file.' }),
  version: z.literal(1, { error: 'This saved-queries file is of an unknown version.' }),
  queries: z.array(z.object({ name: savedQueryNameSchema, search: userSearchSchema })).max(500, 'A file can hold at most 500 queries.'),
});
export type SavedQueriesFile = z.infer<typeof savedQueriesFileSchema>;
