/**
 * Command output. To a pipe (or a file): one JSON object per line, for the next command.
 * To a terminal: a table once all objects are in (PowerShell's Format-Table), or a list of
 * "Name : value" blocks for objects with many properties (as PowerShell switches to
 * Format-List). PINDESK_OUTPUT=json|table overrides the choice.
 */

export type Output = { write(object: unknown): void; flush(): void };

const TABLE_MAX_COLUMNS = 5;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Renders objects as text for a terminal. Pure. */
export function formatForTerminal(objects: unknown[]): string {
  if (objects.length === 0) return '';
  const records = objects.map((o) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>) : { Value: o }));
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  if (columns.length > TABLE_MAX_COLUMNS) {
    const width = Math.max(...columns.map((c) => c.length));
    return `${records.map((r) => columns.map((c) => `${c.padEnd(width)} : ${cell(r[c])}`).join('\n')).join('\n\n')}\n`;
  }
  const widths = columns.map((c) => Math.max(c.length, ...records.map((r) => cell(r[c]).length)));
  const row = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join(' ').trimEnd();
  return `${[row(columns), row(widths.map((w) => '-'.repeat(w))), ...records.map((r) => row(columns.map((c) => cell(r[c]))))].join('\n')}\n`;
}

export function createOutput(stream: NodeJS.WritableStream & { isTTY?: boolean }, mode = process.env.PINDESK_OUTPUT): Output {
  const asTable = mode === 'table' || (mode !== 'json' && stream.isTTY === true);
  if (!asTable) return { write: (object) => stream.write(`${JSON.stringify(object)}\n`), flush: () => undefined };
  const pending: unknown[] = [];
  return {
    write: (object) => void pending.push(object),
    flush: () => {
      const text = formatForTerminal(pending);
      if (text) stream.write(text);
      pending.length = 0;
    },
  };
}
