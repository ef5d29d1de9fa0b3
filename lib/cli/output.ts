/**
 * Command output. To a pipe (or a file): one JSON object per line, for the next command.
 * To a terminal: a table once all objects are in (PowerShell's Format-Table), or a list of
 * "Name : value" blocks for objects with many properties (as PowerShell switches to
 * Format-List). PINDESK_OUTPUT=json|table overrides the choice.
 *
 * When the output closes (the reader left: EPIPE; or any other write error), writing stops
 * the command, and the output knows which changes' result lines may never have been read.
 * The rule: a result line counts as read only once a regular file has accepted it. Through a
 * pipe, socket or terminal the writer cannot see what the reader took (a line the kernel
 * accepted may sit unread when the reader exits, and `head` reads lines it never shows), so
 * every change made through one is named.
 */
import fs from 'node:fs';

export type Output = {
  /**
   * Writes one object; `change` is the identity of the change the object reports (a PIN set,
   * a lock), if any. Resolves once the stream took the line, so the command learns of a
   * closed output before it touches the next object; rejects with OutputClosedError then.
   */
  write(object: unknown, change?: string): Promise<void>;
  /** Writes what is held back (the terminal table). Never rejects: a failure sets `closed`. */
  flush(): Promise<void>;
  /** The write error that closed the output, or null while it is open. */
  closed(): NodeJS.ErrnoException | null;
  /** Identities of the changes whose result line may not have been read, in the order made. */
  unreadChanges(): string[];
};

/** The output closed: the command stops before its next object. */
export class OutputClosedError extends Error {
  constructor(readonly writeError: NodeJS.ErrnoException) {
    super(`the output closed (${writeError.code ?? writeError.message})`);
  }
}

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
  const row = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]))
      .join(' ')
      .trimEnd();
  return `${[row(columns), row(widths.map((w) => '-'.repeat(w))), ...records.map((r) => row(columns.map((c) => cell(r[c]))))].join('\n')}\n`;
}

type Stream = NodeJS.WritableStream & { isTTY?: boolean; fd?: number };

function isRegularFile(stream: Stream): boolean {
  try {
    return typeof stream.fd === 'number' && fs.fstatSync(stream.fd).isFile();
  } catch {
    return false;
  }
}

/** Writes text and reports the stream's verdict: null once taken, else the write error. */
function writeText(stream: Stream, text: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    try {
      stream.write(text, (error?: Error | null) => resolve((error as NodeJS.ErrnoException | null | undefined) ?? null));
    } catch (error) {
      resolve(error as NodeJS.ErrnoException);
    }
  });
}

export function createOutput(stream: Stream, mode = process.env.PINDESK_OUTPUT): Output {
  const asTable = mode === 'table' || (mode !== 'json' && stream.isTTY === true);
  const storedWhenTaken = isRegularFile(stream);
  // The write callbacks report a failure; without a listener the 'error' event would also throw.
  stream.on('error', () => undefined);
  let closed: NodeJS.ErrnoException | null = null;
  // Changes not proven read (see the rule above): through a pipe that is every change made.
  const unread: string[] = [];
  const pending: unknown[] = [];

  async function send(text: string, changes: number): Promise<boolean> {
    const error = await writeText(stream, text);
    if (error) {
      closed = error;
      return false;
    }
    if (storedWhenTaken) unread.splice(unread.length - changes, changes);
    return true;
  }

  return {
    async write(object, change) {
      if (closed) throw new OutputClosedError(closed);
      if (change !== undefined) unread.push(change);
      if (asTable) {
        pending.push(object);
        return;
      }
      if (!(await send(`${JSON.stringify(object)}\n`, change === undefined ? 0 : 1))) throw new OutputClosedError(closed!);
    },
    async flush() {
      const text = formatForTerminal(pending);
      const changes = unread.length;
      pending.length = 0;
      if (text && !closed) await send(text, changes);
    },
    closed: () => closed,
    unreadChanges: () => [...unread],
  };
}
