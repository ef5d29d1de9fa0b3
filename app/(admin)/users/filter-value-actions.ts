'use server';
/** The Users page's filter value suggestions (the value field's combobox), checked by adminAction. */
import { z } from 'zod';
import { adminAction } from '@/lib/actions/admin-action';
import { suggestedFilterProperties } from '@/lib/users/filter-value-suggestions';
import { suggestFilterValues } from '@/lib/users/filter-values-service';
import { inputLimits } from '@/lib/validation/input-limits';

const filterValuesInput = z.object({
  property: z.enum(suggestedFilterProperties, { error: 'Choose a property that has suggested values.' }),
  prefix: z.string().max(inputLimits.filterValue, `The value can be at most ${inputLimits.filterValue} characters.`),
});

/** The existing values of a filter property that start with what was typed. */
export const filterValuesAction = adminAction('user.read', 'users.filterValues', filterValuesInput, ({ property, prefix }) =>
  suggestFilterValues(property, prefix),
);
