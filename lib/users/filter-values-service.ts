import 'server-only';
/**
 * The Users page's filter value suggestions on this process's database. The caller (a server
 * action) checks user.read and bounds the prefix.
 */
import { listFilterValues } from '../db/filter-values';
import { getDb } from '../server/composition-root';
import { FILTER_VALUE_SUGGESTIONS, type SuggestedFilterProperty } from './filter-value-suggestions';

/** Up to FILTER_VALUE_SUGGESTIONS existing values of `property` that start with `prefix` (any case). */
export function suggestFilterValues(property: SuggestedFilterProperty, prefix: string): Promise<string[]> {
  return listFilterValues(getDb(), { property, prefix, limit: FILTER_VALUE_SUGGESTIONS });
}
