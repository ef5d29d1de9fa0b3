/**
 * Which filter properties have a known set of values that the Users page's value field
 * suggests (Control Panel's step 5d drop-down), and how many it shows. Pure: shared by the
 * value combobox, its server action and lib/db/filter-values.ts.
 */
import type { FilterProperty } from './search-params';

export const suggestedFilterProperties = ['department', 'title', 'office', 'city', 'site', 'ou', 'pinPolicy'] as const;
export type SuggestedFilterProperty = (typeof suggestedFilterProperties)[number];

/** Enough to scroll through a directory's departments; typing narrows the rest. */
export const FILTER_VALUE_SUGGESTIONS = 50;

export function hasValueSuggestions(property: FilterProperty): property is SuggestedFilterProperty {
  return (suggestedFilterProperties as readonly string[]).includes(property);
}
