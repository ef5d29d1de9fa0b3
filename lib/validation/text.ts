/**
 * Characters typed text must not hold. PostgreSQL cannot store or compare a NUL at all, and
 * Prisma's query protocol cannot carry a lone UTF-16 surrogate (half of an emoji, say): either
 * would become a 500. No identity, name or search text has a reason to hold them, so every
 * text input is checked here, once, and refused with a message. Tabs are allowed where
 * people paste text; the other C0 controls and DEL are not.
 */
import { tooLongProblem } from './input-limits';

const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one (String.isWellFormed is ES2024).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A control character, or a lone surrogate (not well-formed UTF-16). */
export function hasUnusableCharacter(text: string): boolean {
  return CONTROL.test(text) || LONE_SURROGATE.test(text);
}

export const unusableCharacterMessage = (name: string) =>
  `${name} contains a control character (such as NUL or a line break) or a broken Unicode character; remove it.`;

function unusableCharacterProblem(name: string, value: string): string | null {
  return hasUnusableCharacter(value) ? unusableCharacterMessage(name) : null;
}

/** The first problem of a text input (too long, control characters), or null. */
export function textInputProblem(name: string, value: string, max: number): string | null {
  return tooLongProblem(name, value, max) ?? unusableCharacterProblem(name, value);
}

/** A NUL or a lone surrogate: what no field may hold, not even one that takes line breaks. */
export function hasUnstorableCharacter(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}

export const unstorableCharacterMessage = (name: string) => `${name} contains a NUL or a broken Unicode character; remove it.`;

/**
 * Where a NUL or a lone surrogate sits in structured input (a server action's argument): the
 * dotted path of the first string holding one, '' for the input itself, or null when there is
 * none. Every action is checked with this before its schema, so no action hands the database
 * either. (Line breaks are fine here: descriptions and imported files hold them.)
 * Walks at most `budget` values; deeper or larger input is left to the action's schema.
 */
export function findUnstorableText(input: unknown, budget = 10_000): string | null {
  // A queue read by index and never grown past the budget: a huge array costs no more than a small one.
  const queue: [unknown, string][] = [[input, '']];
  const visit = (value: unknown, path: string) => {
    if (queue.length < budget) queue.push([value, path]);
  };
  for (let next = 0; next < queue.length; next++) {
    const [value, path] = queue[next];
    if (typeof value === 'string') {
      if (hasUnstorableCharacter(value)) return path;
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length && queue.length < budget; i++) visit(value[i], path ? `${path}.${i}` : String(i));
    } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      for (const key in value) {
        if (queue.length >= budget) break;
        if (Object.hasOwn(value, key)) visit((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      }
    }
  }
  return null;
}
