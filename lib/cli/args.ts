/**
 * PowerShell-style parameter binding for the `pindesk` commands: `-Identity x`,
 * `-Identity:x`, positional parameters, switches (`-WhatIf`, `-Confirm`, `-Confirm:$false`),
 * case-insensitive names and unambiguous prefixes (`-Ident`), and the literals `$True`,
 * `$False`, `$Null`. Each command declares its parameters; values are converted to the
 * declared type here, so a command receives checked values or the user gets one clear line
 * naming the parameter. Pure.
 */

import { hasUnstorableCharacter, hasUnusableCharacter, unstorableCharacterMessage, unusableCharacterMessage } from '../validation/text';

export type ParameterType = 'string' | 'int' | 'bool' | 'switch' | 'nullable-int' | 'nullable-string';

export type ParameterSpec = {
  name: string;
  type: ParameterType;
  /** Position for positional binding (0 = first bare argument). */
  position?: number;
  help?: string;
  /** Longest text value accepted (default DEFAULT_MAX_LENGTH); longer is a usage error. */
  maxLength?: number;
  /** Line breaks and tabs are allowed (a description); a NUL never is. */
  multiline?: boolean;
};

/** The bound of a text parameter that names no tighter one. */
const DEFAULT_MAX_LENGTH = 4096;

export type BoundValue = string | number | boolean | null;
export type BoundParameters = Record<string, BoundValue>;

export class ParameterError extends Error {}

/** `$True`, `$False`, `$Null` (any case) or null when the text is none of them. */
function literal(text: string): { value: boolean | null } | null {
  const lower = text.toLowerCase();
  if (lower === '$true') return { value: true };
  if (lower === '$false') return { value: false };
  if (lower === '$null') return { value: null };
  return null;
}

function convert(command: string, spec: ParameterSpec, raw: string | boolean): BoundValue {
  const where = `${command} -${spec.name}`;
  if (spec.type === 'switch') {
    if (typeof raw === 'boolean') return raw;
    const lit = literal(raw);
    if (lit && lit.value !== null) return lit.value;
    throw new ParameterError(`${where}: a switch takes no value, or :$true / :$false (got "${raw}").`);
  }
  if (typeof raw === 'boolean') throw new ParameterError(`${where}: give a value after -${spec.name}.`);
  const lit = literal(raw);
  if (spec.type === 'bool') {
    if (lit && lit.value !== null) return lit.value;
    if (/^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
    throw new ParameterError(`${where}: must be $True or $False (got "${raw}").`);
  }
  if (lit && lit.value === null) {
    if (spec.type === 'nullable-int' || spec.type === 'nullable-string') return null;
    throw new ParameterError(`${where}: cannot be $Null.`);
  }
  if (lit) throw new ParameterError(`${where}: expected ${spec.type.includes('int') ? 'a whole number' : 'text'}, got ${raw}.`);
  const max = spec.maxLength ?? DEFAULT_MAX_LENGTH;
  if (raw.length > max)
    throw new ParameterError(`${where}: can be at most ${max.toLocaleString('en-US')} characters (got ${raw.length.toLocaleString('en-US')}).`);
  if (spec.type === 'int' || spec.type === 'nullable-int') {
    if (!/^[+-]?\d{1,9}$/.test(raw.trim())) throw new ParameterError(`${where}: must be a whole number (got "${raw}").`);
    return Number(raw.trim());
  }
  if (spec.multiline ? hasUnstorableCharacter(raw) : hasUnusableCharacter(raw))
    throw new ParameterError(`${where}: ${spec.multiline ? unstorableCharacterMessage('the value') : unusableCharacterMessage('the value')}`);
  return raw;
}

/** Matches `-Name` or `-Name:value`; a lone "-" or a negative number is a value. */
const PARAMETER = /^-([A-Za-z][A-Za-z0-9]*)(?::(.*))?$/s;

export function bindParameters(command: string, specs: readonly ParameterSpec[], argv: readonly string[]): BoundParameters {
  const bound: BoundParameters = {};
  const positional = specs.filter((s) => s.position !== undefined).sort((a, b) => a.position! - b.position!);
  const resolve = (typed: string): ParameterSpec => {
    const lower = typed.toLowerCase();
    const exact = specs.find((s) => s.name.toLowerCase() === lower);
    if (exact) return exact;
    const prefixed = specs.filter((s) => s.name.toLowerCase().startsWith(lower));
    if (prefixed.length === 1) return prefixed[0];
    if (prefixed.length > 1)
      throw new ParameterError(`${command}: parameter -${typed} is ambiguous: it could be ${prefixed.map((s) => `-${s.name}`).join(', ')}.`);
    throw new ParameterError(`${command}: there is no parameter -${typed}. Parameters: ${specs.map((s) => `-${s.name}`).join(' ') || '(none)'}.`);
  };
  const set = (spec: ParameterSpec, value: BoundValue) => {
    if (spec.name in bound) throw new ParameterError(`${command}: -${spec.name} is given more than once.`);
    bound[spec.name] = value;
  };
  let nextPosition = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = PARAMETER.exec(arg);
    if (match && !/^-\d/.test(arg)) {
      const spec = resolve(match[1]);
      if (match[2] !== undefined) {
        set(spec, convert(command, spec, match[2]));
      } else if (spec.type === 'switch') {
        set(spec, true);
      } else {
        if (i + 1 >= argv.length) throw new ParameterError(`${command}: give a value after -${spec.name}.`);
        set(spec, convert(command, spec, argv[++i]));
      }
      continue;
    }
    while (nextPosition < positional.length && positional[nextPosition].name in bound) nextPosition++;
    const spec = positional[nextPosition];
    if (!spec) throw new ParameterError(`${command}: unexpected argument "${arg}" (no positional parameter left to take it).`);
    set(spec, convert(command, spec, arg));
  }
  return bound;
}
