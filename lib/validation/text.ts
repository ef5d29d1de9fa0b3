/**
 * Control characters in typed text. PostgreSQL cannot store or compare a NUL at all (the
 * driver's error would become a 500), and no identity, name or search text has a reason to
 * hold one, so every text input is checked here, once, and refused with a message.
 * Tabs are allowed where people paste text; the other C0 controls and DEL are not.
 */
import { z } from 'zod';
import { tooLongProblem } from './input-limits';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

export function controlCharacterProblem(name: string, value: string): string | null {
  return hasControlCharacter(value) ? `${name} contains a control character (such as NUL or a line break); remove it.` : null;
}

/** The first problem of a text input (too long, control characters), or null. */
export function textInputProblem(name: string, value: string, max: number): string | null {
  return tooLongProblem(name, value, max) ?? controlCharacterProblem(name, value);
}

/** A zod refinement for the same check, with the field's own words. */
export function noControlCharacters<T extends z.ZodType<string, string>>(schema: T, name: string) {
  return schema.refine((value) => !hasControlCharacter(value), `${name} contains a control character (such as NUL or a line break); remove it.`);
}

/**
 * Where a NUL sits in structured input (a server action's argument): the dotted path of the
 * first string holding one, '' for the input itself, or null when there is none. Every
 * action is checked with this before its schema, so no action hands PostgreSQL a NUL.
 * Walks at most `budget` values; deeper or larger input is left to the action's schema.
 */
export function findNul(input: unknown, budget = 10_000): string | null {
  const queue: [unknown, string][] = [[input, '']];
  for (let seen = 0; queue.length > 0 && seen < budget; seen++) {
    const [value, path] = queue.shift()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path;
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => queue.push([item, path ? `${path}.${i}` : String(i)]));
    } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      for (const [key, item] of Object.entries(value)) queue.push([item, path ? `${path}.${key}` : key]);
    }
  }
  return null;
}
