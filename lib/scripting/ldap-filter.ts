/**
 * Get-CsUser -LdapFilter: the LDAP filter forms administrators type (`Title=Manager`,
 * `(Department=Finance)`, `&(Department=Finance)(Title=Manager)`, `(&(…)(…))`, `!(…)`, `*`
 * wildcards), parsed into the Users page's filter clauses so the same search runs. The
 * page's clauses are ANDed, so OR (`|`) is refused with a message rather than half-done. Pure.
 */
import type { FilterClause, FilterProperty } from '../users/search-params';
import { FilterParseError } from '../validation/filter-error';
import { inputLimits } from '../validation/input-limits';
import { textInputProblem } from '../validation/text';

/** LDAP attribute (lower case) → the Users page's filter property. A Map: "constructor" is no attribute. */
const attributes = new Map<string, FilterProperty>([
  ['title', 'title'],
  ['department', 'department'],
  ['physicaldeliveryofficename', 'office'],
  ['office', 'office'],
  ['l', 'city'],
  ['city', 'city'],
]);

const MAX_LENGTH = inputLimits.ldapFilter;
const MAX_DEPTH = inputLimits.nesting;

function fail(filter: string, problem: string): never {
  throw new FilterParseError('LdapFilter', problem, `LdapFilter "${filter}": ${problem}`);
}

/** Parses a filter into ANDed clauses; throws FilterParseError naming the problem. */
export function parseLdapFilter(filter: string): FilterClause[] {
  const text = filter.trim();
  if (text === '') fail(filter, 'it is empty. Write e.g. Title=Manager or &(Department=Finance)(Title=Manager).');
  const problem = textInputProblem('the filter', text, MAX_LENGTH);
  if (problem) fail(filter.length > 80 ? `${filter.slice(0, 80)}…` : filter, problem);
  let pos = 0;
  const peek = () => text[pos];
  const skipSpace = () => {
    while (text[pos] === ' ') pos++;
  };

  const parseFilter = (negated: boolean, depth = 0): FilterClause[] => {
    if (depth > MAX_DEPTH) fail(filter, `parentheses nest more than ${MAX_DEPTH} deep.`);
    skipSpace();
    if (peek() === '(') {
      pos++;
      const inner = parseFilter(negated, depth + 1);
      skipSpace();
      if (peek() !== ')') fail(filter, `expected ")" at position ${pos + 1}.`);
      pos++;
      return inner;
    }
    if (peek() === '&') {
      if (negated) fail(filter, 'a negated group !(&…) is not supported; negate each comparison instead.');
      pos++;
      const clauses: FilterClause[] = [];
      skipSpace();
      if (peek() !== '(') fail(filter, '"&" must be followed by parenthesised comparisons, e.g. &(Department=Finance)(Title=Manager).');
      while ((skipSpace(), peek() === '(')) clauses.push(...parseFilter(false, depth + 1));
      return clauses;
    }
    if (peek() === '|') fail(filter, 'OR ("|") is not supported: the search ANDs its clauses. Run one Get-CsUser per alternative.');
    if (peek() === '!') {
      if (negated) fail(filter, 'a double negation !(!…) is not supported.');
      pos++;
      skipSpace();
      if (peek() !== '(') fail(filter, '"!" must be followed by a parenthesised comparison, e.g. !(Title=Manager).');
      return parseFilter(true, depth + 1);
    }
    return [parseComparison(negated)];
  };

  const parseComparison = (negated: boolean): FilterClause => {
    const start = pos;
    while (pos < text.length && text[pos] !== ')' && text[pos] !== '(') pos++;
    const item = text.slice(start, pos);
    // Trimmed first: a trailing \s*$ after a lazy (.*?) would backtrack quadratically on spaces.
    const match = /^([A-Za-z][A-Za-z0-9-]*)\s*(=|~=|>=|<=)\s*(.*)$/s.exec(item.trim());
    if (!match) fail(filter, `"${item}" is not a comparison; write Attribute=value, e.g. Title=Manager.`);
    const [, rawAttribute, operator, value] = match;
    if (operator !== '=') fail(filter, `the operator "${operator}" is not supported; use "=" (with * wildcards).`);
    const property = attributes.get(rawAttribute.toLowerCase());
    if (!property) fail(filter, `unknown attribute "${rawAttribute}"; use one of Title, Department, physicalDeliveryOfficeName (Office), l (City).`);
    if (value === '*') return { property, operator: negated ? 'isEmpty' : 'isNotEmpty', value: '' };
    if (value === '') fail(filter, `no value after "${rawAttribute}="; use ${rawAttribute}=* for "has any value".`);
    const stars = (value.match(/\*/g) ?? []).length;
    const inner = value.replace(/^\*|\*$/g, '');
    if (inner.includes('*')) fail(filter, `"${value}": a * wildcard is supported only at the start and/or end of a value.`);
    if (negated && stars > 0) fail(filter, `"!(${item})": a negated comparison cannot take * wildcards.`);
    if (negated) return { property, operator: 'ne', value };
    if (value.startsWith('*') && value.endsWith('*') && stars === 2) return { property, operator: 'contains', value: inner };
    if (value.endsWith('*') && stars === 1) return { property, operator: 'startsWith', value: inner };
    if (value.startsWith('*')) fail(filter, `"${value}": an "ends with" wildcard (*value) is not supported; use value* or *value*.`);
    return { property, operator: 'eq', value };
  };

  const clauses = parseFilter(false);
  skipSpace();
  if (pos < text.length) fail(filter, `unexpected "${text.slice(pos)}" after the end of the filter.`);
  return clauses;
}
