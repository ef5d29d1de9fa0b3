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

/**
 * Whether a suggested `value` still fits what is typed, as lib/db/filter-values.ts chose it
 * (a case-insensitive prefix; an OU by its DN or name, a PIN policy with or without `tag:`):
 * the field narrows the list it already has while the next one is on its way, so an arrow
 * key never lands on a value that no longer matches.
 */
export function suggestionMatches(property: SuggestedFilterProperty, value: string, typed: string): boolean {
  const prefix = typed.trim().toLowerCase();
  const candidates = [value];
  if (property === 'ou') candidates.push(value.replace(/^OU=/i, ''));
  if (property === 'pinPolicy') candidates.push(value.replace(/^tag:/i, ''));
  return candidates.some((candidate) => candidate.toLowerCase().startsWith(prefix));
}
