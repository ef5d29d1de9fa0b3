/**
 * Get-CsPinPolicy -Filter, for the PIN Policy page: an Identity wildcard (`site:*`, `tag:*`,
 * `*Redmond*`) and property comparisons (MinPasswordLength greater than 10), ANDed.
 * Policies are few, so the filter runs in memory. Pure.
 */
import type { PinPolicy } from '../pin/types';
import { FilterParseError } from '../validation/filter-error';
import { inputLimits } from '../validation/input-limits';
import { textInputProblem } from '../validation/text';
import { wildcardMatcher } from '../validation/wildcard';

export const comparableProperties = {
  minPasswordLength: 'MinPasswordLength',
  pinHistoryCount: 'PINHistoryCount',
  pinLifetime: 'PINLifetime',
  maximumLogonAttempts: 'MaximumLogonAttempts',
  allowCommonPatterns: 'AllowCommonPatterns',
} as const;
export type ComparableProperty = keyof typeof comparableProperties;

export const comparisonOperators = {
  eq: 'equal to',
  ne: 'not equal to',
  gt: 'greater than',
  ge: 'greater than or equal to',
  lt: 'less than',
  le: 'less than or equal to',
} as const;
export type ComparisonOperator = keyof typeof comparisonOperators;

export type PolicyComparison = { property: ComparableProperty; operator: ComparisonOperator; value: string };
export type PolicyFilter = { identity: string; comparisons: PolicyComparison[] };

/** A problem with a comparison, or null when it can run. */
export function checkComparison(c: PolicyComparison): string | null {
  // Own properties only: a URL's cp=constructor must not find Object.prototype's.
  if (!Object.hasOwn(comparableProperties, c.property)) return 'Choose a property to compare.';
  const name = comparableProperties[c.property];
  if (!Object.hasOwn(comparisonOperators, c.operator)) return `Choose how to compare ${name}.`;
  if (c.value.length > inputLimits.policyComparisonValue)
    return `${name} must be compared with a value of at most ${inputLimits.policyComparisonValue} characters.`;
  if (c.property === 'allowCommonPatterns') {
    if (c.operator !== 'eq' && c.operator !== 'ne') return 'AllowCommonPatterns can only be equal or not equal to True or False.';
    return /^(true|false)$/i.test(c.value.trim()) ? null : 'AllowCommonPatterns must be compared with True or False.';
  }
  if (c.property === 'maximumLogonAttempts' && /^(null|unset|)$/i.test(c.value.trim()) && (c.operator === 'eq' || c.operator === 'ne')) return null;
  return /^\d{1,4}$/.test(c.value.trim()) ? null : `${name} must be compared with a whole number.`;
}

/** A problem with an Identity filter (too long, control characters), or null. */
export function checkIdentityFilter(identity: string, name = 'The Identity filter'): string | null {
  return textInputProblem(name, identity, inputLimits.policyFilter);
}

/**
 * The Identity filter a script sends (`-Filter`, the API's `filter` parameter), refused with
 * a FilterParseError naming `field` when it cannot be used: a script must not get every
 * policy for a filter it mistyped.
 */
export function parsePolicyIdentityFilter(identity: string, field = 'filter'): string {
  const problem = checkIdentityFilter(identity, field);
  if (problem) throw new FilterParseError(field, problem, problem, field);
  return identity;
}

function compare(actual: number | boolean | null, operator: ComparisonOperator, expected: number | boolean | null): boolean {
  if (operator === 'eq') return actual === expected;
  if (operator === 'ne') return actual !== expected;
  if (actual === null || expected === null || typeof actual === 'boolean' || typeof expected === 'boolean') return false;
  return operator === 'gt' ? actual > expected : operator === 'ge' ? actual >= expected : operator === 'lt' ? actual < expected : actual <= expected;
}

export function filterPolicies(policies: PinPolicy[], filter: PolicyFilter): PinPolicy[] {
  // A linear matcher: a RegExp of `.*`s backtracks polynomially on a filter of many stars.
  const identity = filter.identity.trim() ? wildcardMatcher(filter.identity.trim()) : null;
  const comparisons = filter.comparisons.filter((c) => checkComparison(c) === null);
  return policies.filter((policy) => {
    if (identity && !identity(policy.identity)) return false;
    return comparisons.every((c) => {
      const raw = c.value.trim();
      const expected = c.property === 'allowCommonPatterns' ? /^true$/i.test(raw) : /^(null|unset|)$/i.test(raw) ? null : Number(raw);
      return compare(policy[c.property], c.operator, expected);
    });
  });
}

const MAX_COMPARISONS = 10;

/** Reads the filter from URL parameters: identity, and repeated cp/co/cv triplets. */
export function parsePolicyFilter(params: URLSearchParams): { filter: PolicyFilter; problems: string[] } {
  const problems: string[] = [];
  let identity = params.get('identity') ?? '';
  const identityProblem = checkIdentityFilter(identity);
  if (identityProblem) {
    problems.push(`${identityProblem} It was ignored.`);
    identity = '';
  }
  const props = params.getAll('cp');
  const ops = params.getAll('co');
  const values = params.getAll('cv');
  const comparisons: PolicyComparison[] = [];
  for (let i = 0; i < props.length && i < MAX_COMPARISONS; i++) {
    const c = { property: props[i] as ComparableProperty, operator: (ops[i] ?? 'eq') as ComparisonOperator, value: values[i] ?? '' };
    const problem = checkComparison(c);
    if (problem) problems.push(`Comparison ${i + 1} was ignored: ${problem}`);
    else comparisons.push(c);
  }
  if (props.length > MAX_COMPARISONS) problems.push(`At most ${MAX_COMPARISONS} comparisons apply; the rest were ignored.`);
  return { filter: { identity, comparisons }, problems };
}

export function policyFilterToParams(filter: PolicyFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.identity.trim()) params.set('identity', filter.identity.trim());
  for (const c of filter.comparisons) {
    params.append('cp', c.property);
    params.append('co', c.operator);
    params.append('cv', c.value);
  }
  return params;
}
