/**
 * Pipeline input: JSON lines on stdin, one object per line (what every `pindesk` command
 * writes when its stdout is a pipe). Identity binds by property name as PowerShell's
 * ValueFromPipelineByPropertyName does, with the aliases a user object carries: Identity,
 * else SipAddress, else UserPrincipalName (names case-insensitive); a JSON string binds by
 * value. A line that is not JSON is an error for that line only. Pure apart from reading.
 */

export type InputItem = { line: number; object: unknown } | { line: number; error: string };

const MAX_LINE = 1024 * 1024;

/** Parses one line; blank lines are skipped (null). */
export function parseInputLine(text: string, line: number): InputItem | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (trimmed.length > MAX_LINE) return { line, error: `input line ${line} is longer than ${MAX_LINE} characters.` };
  try {
    return { line, object: JSON.parse(trimmed) };
  } catch {
    const shown = trimmed.length > 60 ? `${trimmed.slice(0, 60)}…` : trimmed;
    return { line, error: `input line ${line} is not a JSON object ("${shown}"); pipe the output of another pindesk command.` };
  }
}

export async function* readInputLines(stream: AsyncIterable<string | Buffer>): AsyncGenerator<InputItem> {
  let buffer = '';
  let line = 0;
  for await (const chunk of stream) {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      const item = parseInputLine(text, ++line);
      if (item) yield item;
    }
  }
  const item = parseInputLine(buffer, ++line);
  if (item) yield item;
}

/** Property names that bind to -Identity, in order of preference. */
export const identityAliases = ['Identity', 'SipAddress', 'UserPrincipalName'] as const;

/** The value of a property, by case-insensitive name, when it is a non-empty string. */
export function stringProperty(object: unknown, name: string): string | null {
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return null;
  const key = Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : (object as Record<string, unknown>)[key];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** The Identity an input object binds, or null when it has none. */
export function bindIdentity(object: unknown): string | null {
  if (typeof object === 'string') return object.trim() === '' ? null : object;
  for (const name of identityAliases) {
    const value = stringProperty(object, name);
    if (value !== null) return value;
  }
  return null;
}
