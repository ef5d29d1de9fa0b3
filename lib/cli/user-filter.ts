/**
 * Get-CsUser -Filter {Department -eq "Finance" -and Title -like "Man*"}: the filter's
 * comparisons become the Users page's search clauses, so the server does the filtering.
 * The search ANDs its clauses, so -or and -not of a group are refused with a message. Pure.
 */
import { booleanProperties, checkFilterClause, filterProperties, type FilterClause, type FilterProperty } from '../users/search-params';
import { FilterParseError } from '../validation/filter-error';
import { inputLimits } from '../validation/input-limits';
import { parseWhereExpression, type Expr } from './where-object-block';

const byName = new Map<string, FilterProperty>(
  Object.entries(filterProperties).flatMap(([key, label]) => [
    [label.toLowerCase().replace(/\s+/g, ''), key as FilterProperty],
    [key.toLowerCase(), key as FilterProperty],
  ]),
);

export function parseUserFilter(filter: string): FilterClause[] {
  const fail = (problem: string): never => {
    throw new FilterParseError('-Filter', problem, `-Filter '${filter}': ${problem}`);
  };
  let expr: Expr;
  try {
    expr = parseWhereExpression(filter, { bareProperties: true, maxLength: inputLimits.userFilter });
  } catch (error) {
    // The block parser names itself Where-Object; here the user typed -Filter.
    if (error instanceof FilterParseError) fail(error.problem);
    throw error;
  }
  const clauses: FilterClause[] = [];
  const walk = (e: Expr, negated: boolean): unknown => {
    if (e.kind === 'and' && !negated) return (walk(e.left, false), walk(e.right, false));
    if (e.kind === 'or') fail('-or is not supported here (the search ANDs its conditions); pipe to Where-Object for an -or.');
    if (e.kind === 'not') {
      if (e.operand.kind !== 'cmp' || negated) fail('-not applies only to a single comparison here.');
      return walk(e.operand, true);
    }
    if (e.kind !== 'cmp') fail('write comparisons such as Department -eq "Finance".');
    const c = e as Extract<Expr, { kind: 'cmp' }>;
    const name = c.property.join('.').toLowerCase();
    const property = byName.get(name) ?? fail(`unknown property "${c.property.join('.')}"; use one of ${Object.values(filterProperties).join(', ')}.`);
    let op = c.operator;
    if (negated)
      op = op === 'eq' ? 'ne' : op === 'ne' ? 'eq' : op === 'like' ? 'notlike' : op === 'notlike' ? 'like' : fail(`-not of -${op} is not supported.`);
    const value = c.value;
    if (booleanProperties.has(property)) {
      if ((op !== 'eq' && op !== 'ne') || typeof value !== 'boolean') fail(`${c.property.join('.')} compares only with -eq / -ne and $True or $False.`);
      return clauses.push({ property, operator: op as 'eq' | 'ne', value: value ? 'True' : 'False' });
    }
    if (value === null) {
      if (op === 'eq') return clauses.push({ property, operator: 'isEmpty', value: '' });
      if (op === 'ne') return clauses.push({ property, operator: 'isNotEmpty', value: '' });
      fail('$Null compares only with -eq or -ne.');
    }
    const text = String(value);
    if (op === 'eq' || op === 'ne') return clauses.push({ property, operator: op, value: text });
    if (op === 'like') {
      const inner = text.replace(/^\*|\*$/g, '');
      if (inner.includes('*') || inner.includes('?')) fail(`"${text}": -like supports * only at the start and/or end here.`);
      if (text === '*') return clauses.push({ property, operator: 'isNotEmpty', value: '' });
      if (text.startsWith('*') && text.endsWith('*')) return clauses.push({ property, operator: 'contains', value: inner });
      if (text.endsWith('*')) return clauses.push({ property, operator: 'startsWith', value: inner });
      if (!text.startsWith('*')) return clauses.push({ property, operator: 'eq', value: text });
      fail(`"${text}": an "ends with" pattern is not supported; use value* or *value*.`);
    }
    fail(`-${op} is not supported here; use -eq, -ne or -like (or pipe to Where-Object).`);
  };
  walk(expr, false);
  for (const clause of clauses) {
    const issues = checkFilterClause(clause);
    if (issues.length) fail(issues.join(' '));
  }
  return clauses;
}
