/**
 * Where-Object's script block, e.g. `{$_.IsPinSet -eq $False}`: a small parser and
 * evaluator for comparisons on the piped object's properties, joined by -and / -or / -not
 * and parentheses. Operators -eq -ne -gt -ge -lt -le -like -notlike -match -notmatch; as in
 * PowerShell they are case-insensitive (-ceq etc. are not supported), a string on the right
 * is converted to the type of the left value (so `-gt 10` on a number compares numbers, and
 * `-eq $False` on a boolean compares booleans), and ISO timestamps compare as dates. Pure.
 * Bounded: a block of at most inputLimits.whereObject characters, nesting at most
 * inputLimits.nesting deep, -match patterns of at most inputLimits.matchPattern characters;
 * -like runs the shared linear wildcard matcher, never a RegExp.
 */
import { FilterParseError } from '../validation/filter-error';
import { inputLimits } from '../validation/input-limits';
import { matchWildcard } from '../validation/wildcard';

export type Value = string | number | boolean | null;
export type Comparison = { kind: 'cmp'; property: string[]; operator: Operator; value: Value };
export type Expr = Comparison | { kind: 'and' | 'or'; left: Expr; right: Expr } | { kind: 'not'; operand: Expr } | { kind: 'truthy'; property: string[] };

const operators = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'like', 'notlike', 'match', 'notmatch'] as const;
export type Operator = (typeof operators)[number];

type Token =
  | { type: 'prop'; path: string[] }
  | { type: 'op'; op: Operator }
  | { type: 'logic'; op: 'and' | 'or' | 'not' }
  | { type: 'value'; value: Value }
  | { type: '(' | ')' };

function fail(block: string, problem: string): never {
  throw new FilterParseError('Where-Object', problem, `Where-Object '${block}': ${problem}`);
}

/** A sticky match at position `at` (no copy of the rest of the text, so tokenizing stays linear). */
function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

const PROPERTY_NAME = /\.([A-Za-z_][A-Za-z0-9_]*)/y;
const VARIABLE = /\$([A-Za-z]+)/y;
const DASH_WORD = /-([A-Za-z]+)/y;
const DASH_NUMBER = /-\d+(\.\d+)?/y;
const BARE_WORD = /[^\s()]+/y;

function tokenize(block: string, text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: c });
      i++;
    } else if (c === '!') {
      tokens.push({ type: 'logic', op: 'not' });
      i++;
    } else if (text.startsWith('$_', i) || text.slice(i, i + 7).toLowerCase() === '$psitem') {
      i += text.startsWith('$_', i) ? 2 : 7;
      const path: string[] = [];
      while (text[i] === '.') {
        const m = matchAt(PROPERTY_NAME, text, i);
        if (!m) fail(block, `expected a property name after "." at position ${i + 1}.`);
        path.push(m[1]);
        i += m[0].length;
      }
      if (path.length === 0) fail(block, 'use $_.PropertyName to name a property of the piped object.');
      tokens.push({ type: 'prop', path });
    } else if (c === '$') {
      const m = matchAt(VARIABLE, text, i);
      const name = m?.[1].toLowerCase();
      if (name === 'true' || name === 'false' || name === 'null') {
        tokens.push({ type: 'value', value: name === 'true' ? true : name === 'false' ? false : null });
        i += m![0].length;
      } else fail(block, `unknown variable "${m?.[0] ?? '$'}"; only $_ (the piped object), $True, $False and $Null are available.`);
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      const parts: string[] = [];
      for (;;) {
        const close = text.indexOf(c, j);
        if (close < 0) fail(block, `the string starting at position ${i + 1} is not closed with ${c}.`);
        parts.push(text.slice(j, close));
        // PowerShell doubles a quote to put it inside the string: 'it''s'.
        if (text[close + 1] === c) {
          parts.push(c);
          j = close + 2;
          continue;
        }
        j = close;
        break;
      }
      tokens.push({ type: 'value', value: parts.join('') });
      i = j + 1;
    } else if (c === '-') {
      const m = matchAt(DASH_WORD, text, i);
      const word = m?.[1].toLowerCase();
      const num = matchAt(DASH_NUMBER, text, i);
      if (num && !m) {
        tokens.push({ type: 'value', value: Number(num[0]) });
        i += num[0].length;
      } else if (word && (operators as readonly string[]).includes(word)) {
        tokens.push({ type: 'op', op: word as Operator });
        i += m![0].length;
      } else if (word === 'and' || word === 'or' || word === 'not') {
        tokens.push({ type: 'logic', op: word });
        i += m![0].length;
      } else if (word && /^c|^i/.test(word) && (operators as readonly string[]).includes(word.slice(1))) {
        fail(block, `-${word} is not supported; use -${word.slice(1)} (always case-insensitive).`);
      } else {
        fail(block, `unknown operator "${m?.[0] ?? '-'}"; use -eq -ne -gt -ge -lt -le -like -notlike -match -notmatch, -and -or -not.`);
      }
    } else {
      const m = matchAt(BARE_WORD, text, i)!;
      const word = m[0];
      tokens.push({ type: 'value', value: /^[+-]?\d+(\.\d+)?$/.test(word) ? Number(word) : word });
      i += word.length;
    }
  }
  return tokens;
}

export type WherePredicate = (object: unknown) => boolean;

/** Parses a script block (with or without its braces) into a predicate; throws FilterParseError. */
export function parseWhereObject(block: string): WherePredicate {
  const expr = parseWhereExpression(block);
  return (object) => evaluate(expr, object);
}

/**
 * The expression of a script block. `bareProperties`: a bare word before an operator names a
 * property, as in Get-CsUser -Filter {Department -eq "Finance"}.
 */
export function parseWhereExpression(block: string, options: { bareProperties?: boolean; maxLength?: number } = {}): Expr {
  const maxLength = options.maxLength ?? inputLimits.whereObject;
  if (block.length > maxLength)
    fail(
      `${block.slice(0, 60)}…`,
      `the script block can be at most ${maxLength.toLocaleString('en-US')} characters (it has ${block.length.toLocaleString('en-US')}).`,
    );
  let text = block.trim();
  if (text.startsWith('{')) {
    if (!text.endsWith('}')) fail(block, 'the script block starts with "{" but does not end with "}".');
    text = text.slice(1, -1);
  }
  if (text.trim() === '') fail(block, 'the script block is empty; write e.g. {$_.IsPinSet -eq $False}.');
  const tokens = tokenize(block, text);
  let pos = 0;

  // Nesting is bounded so that no block can exhaust the stack (a RangeError is no message).
  const parseOr = (depth: number): Expr => {
    let left = parseAnd(depth);
    while (tokens[pos]?.type === 'logic' && (tokens[pos] as { op: string }).op === 'or') {
      pos++;
      left = { kind: 'or', left, right: parseAnd(depth) };
    }
    return left;
  };
  const parseAnd = (depth: number): Expr => {
    let left = parseUnary(depth);
    while (tokens[pos]?.type === 'logic' && (tokens[pos] as { op: string }).op === 'and') {
      pos++;
      left = { kind: 'and', left, right: parseUnary(depth) };
    }
    return left;
  };
  const parseUnary = (depth: number): Expr => {
    if (depth > inputLimits.nesting) fail(block, `parentheses and -not nest more than ${inputLimits.nesting} deep.`);
    const token = tokens[pos];
    if (!token) fail(block, 'the expression ends too early.');
    if (token.type === 'logic' && token.op === 'not') {
      pos++;
      return { kind: 'not', operand: parseUnary(depth + 1) };
    }
    if (token.type === '(') {
      pos++;
      const inner = parseOr(depth + 1);
      if (tokens[pos]?.type !== ')') fail(block, 'a "(" is not closed with ")".');
      pos++;
      return inner;
    }
    if (
      options.bareProperties &&
      token.type === 'value' &&
      typeof token.value === 'string' &&
      /^[A-Za-z_]\w*$/.test(token.value) &&
      tokens[pos + 1]?.type === 'op'
    ) {
      tokens[pos] = { type: 'prop', path: [token.value] };
      return parseUnary(depth);
    }
    if (token.type !== 'prop') fail(block, `expected $_.Property at "${describe(token)}"; write e.g. {$_.MinPasswordLength -gt 10}.`);
    pos++;
    const next = tokens[pos];
    if (next?.type !== 'op') return { kind: 'truthy', property: token.path };
    pos++;
    const value = tokens[pos];
    if (value?.type !== 'value') fail(block, `-${next.op} needs a value on its right (a number, 'text', $True, $False or $Null).`);
    pos++;
    if ((next.op === 'match' || next.op === 'notmatch') && typeof value.value === 'string') {
      // The pattern stays a regular expression (it runs in the user's own CLI process), but bounded.
      if (value.value.length > inputLimits.matchPattern) fail(block, `the pattern of -${next.op} can be at most ${inputLimits.matchPattern} characters.`);
      try {
        new RegExp(value.value, 'i');
      } catch {
        fail(block, `"${value.value}" is not a valid regular expression for -${next.op}.`);
      }
    }
    return { kind: 'cmp', property: token.path, operator: next.op, value: value.value };
  };

  const expr = parseOr(0);
  if (pos < tokens.length) fail(block, `unexpected "${describe(tokens[pos])}" after a complete condition; join conditions with -and or -or.`);
  return expr;
}

function describe(token: Token): string {
  switch (token.type) {
    case 'prop':
      return `$_.${token.path.join('.')}`;
    case 'op':
      return `-${token.op}`;
    case 'logic':
      return `-${token.op}`;
    case 'value':
      return token.value === null ? '$Null' : String(token.value);
    default:
      return token.type;
  }
}

function property(object: unknown, path: string[]): Value | undefined {
  let current: unknown = object;
  for (const name of path) {
    if (current === null || typeof current !== 'object') return undefined;
    // Property names are case-insensitive, as in PowerShell.
    const key = Object.keys(current).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key === undefined) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current === undefined || current === null || typeof current === 'string' || typeof current === 'number' || typeof current === 'boolean'
    ? (current as Value | undefined)
    : JSON.stringify(current);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** PowerShell converts the right operand to the left one's type. */
function coerce(left: Value, right: Value): [Value | Date, Value | Date] {
  if (left === null || right === null) return [left, right];
  if (typeof left === 'number') {
    if (typeof right === 'string' && right.trim() !== '' && !Number.isNaN(Number(right))) return [left, Number(right)];
    if (typeof right === 'boolean') return [left, right ? 1 : 0];
    return [left, right];
  }
  if (typeof left === 'boolean') {
    if (typeof right === 'string') return [left, /^(true|\$true)$/i.test(right) ? true : right === '' || /^(false|\$false)$/i.test(right) ? false : true];
    if (typeof right === 'number') return [left, right !== 0];
    return [left, right];
  }
  // left is a string
  if (ISO_TIME.test(left) && typeof right === 'string' && ISO_TIME.test(right.trim())) return [new Date(left), new Date(right.trim())];
  return [left, String(right)];
}

function compare(left: Value | undefined, operator: Operator, right: Value): boolean {
  const l = left === undefined ? null : left;
  if (operator === 'like' || operator === 'notlike') {
    const hit = matchWildcard(String(right ?? ''), l === null ? '' : String(l), { questionMark: true });
    return operator === 'like' ? hit : !hit;
  }
  if (operator === 'match' || operator === 'notmatch') {
    const hit = new RegExp(String(right ?? ''), 'i').test(l === null ? '' : String(l));
    return operator === 'match' ? hit : !hit;
  }
  const [a, b] = coerce(l, right);
  const key = (v: Value | Date): number | string | boolean | null => (v instanceof Date ? v.getTime() : typeof v === 'string' ? v.toLowerCase() : v);
  const x = key(a);
  const y = key(b);
  if (operator === 'eq') return x === y;
  if (operator === 'ne') return x !== y;
  // Ordering with $Null: PowerShell orders $null below everything.
  if (x === null || y === null) {
    const order = x === null && y === null ? 0 : x === null ? -1 : 1;
    return operator === 'gt' ? order > 0 : operator === 'ge' ? order >= 0 : operator === 'lt' ? order < 0 : order <= 0;
  }
  if (typeof x !== typeof y) return false;
  return operator === 'gt' ? x > y : operator === 'ge' ? x >= y : operator === 'lt' ? x < y : x <= y;
}

function evaluate(expr: Expr, object: unknown): boolean {
  switch (expr.kind) {
    case 'and':
      return evaluate(expr.left, object) && evaluate(expr.right, object);
    case 'or':
      return evaluate(expr.left, object) || evaluate(expr.right, object);
    case 'not':
      return !evaluate(expr.operand, object);
    case 'truthy': {
      const v = property(object, expr.property);
      return v !== undefined && v !== null && v !== false && v !== 0 && v !== '';
    }
    case 'cmp':
      return compare(property(object, expr.property), expr.operator, expr.value);
  }
}
