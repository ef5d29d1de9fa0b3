/**
 * Export text → records with the file line each starts on. A row the CSV parser cannot read
 * (a stray quote) becomes a problem for its line rather than failing the whole file, so the
 * preview can list it next to the rows that did come through.
 */
import { parse, type CsvError, type Info } from 'csv-parse';
import { Readable } from 'node:stream';
import { SfbExportError } from './errors';
import { createYielder, yieldToEventLoop } from './yield-to-event-loop';

/** One CSV record: its fields, and the file line it starts on (1 = the file's first line). */
export type ParsedRecord = { line: number; fields: string[] };

/** A row that could not be read; `throughLine` is the last line it made unreadable. */
export type ParseProblem = { line: number; throughLine: number; reason: string };

export type ParsedChunk = { records: ParsedRecord[]; problems: ParseProblem[] };

/** Export-Csv writes commas; `-UseCulture` or `-Delimiter` can give semicolons or tabs. */
export type SfbDelimiter = ',' | ';' | '\t';

export type ParsedExport = {
  /** What followed `#TYPE` on the first line (Windows PowerShell's object type), or null. */
  typeName: string | null;
  /** The separator the header line uses. */
  delimiter: SfbDelimiter;
  /** The header is the first record. Chunks of at most RECORDS_PER_CHUNK records. */
  chunks: AsyncIterable<ParsedChunk>;
};

export const RECORDS_PER_CHUNK = 500;
/** A Get-CsUser row is a few KiB; a record far beyond that is a quote left open. */
export const DEFAULT_MAX_RECORD_CHARS = 128 * 1024;
/** Text is handed to the parser in slices of this many characters: the parser reads a slice without yielding. */
const SLICE_CHARS = 4 * 1024;
const MAX_TYPE_NAME = 256;

/** Splits off a leading `#TYPE …` line; the records' line numbers still count it. */
export function parseExport(text: string, { maxRecordChars = DEFAULT_MAX_RECORD_CHARS }: { maxRecordChars?: number } = {}): ParsedExport {
  let body = text;
  let typeName: string | null = null;
  let lineOffset = 0;
  if (/^#TYPE\b/i.test(text)) {
    const end = text.indexOf('\n');
    const first = end === -1 ? text : text.slice(0, end);
    typeName = first.slice('#TYPE'.length).trim().slice(0, MAX_TYPE_NAME) || null;
    body = end === -1 ? '' : text.slice(end + 1);
    lineOffset = 1;
  }
  const delimiter = delimiterOf(body);
  return { typeName, delimiter, chunks: readChunks(body, lineOffset, delimiter, maxRecordChars) };
}

/**
 * The separator the header uses most, commas on a tie: `Export-Csv -UseCulture` writes the
 * list separator of the server's region (a semicolon in much of Europe).
 */
function delimiterOf(body: string): SfbDelimiter {
  const end = body.indexOf('\n');
  const header = (end === -1 ? body : body.slice(0, end)).slice(0, DEFAULT_MAX_RECORD_CHARS);
  const count = (char: string) => header.split(char).length - 1;
  const [comma, semicolon, tab] = [count(','), count(';'), count('\t')];
  if (semicolon > comma && semicolon >= tab) return ';';
  if (tab > comma && tab > semicolon) return '\t';
  return ',';
}

async function* readChunks(body: string, lineOffset: number, delimiter: SfbDelimiter, maxRecordChars: number): AsyncGenerator<ParsedChunk> {
  // Problems wait until a later record has been read: an unclosed quote can swallow the rows
  // after it, and the parser reports those again from the same start line.
  const pending = new Map<number, ParseProblem>();
  const parser = parse({
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: maxRecordChars,
    info: true,
    raw: true,
    on_skip: (error: CsvError | undefined, raw: string | undefined) => {
      if (!error) return undefined;
      const endLine = lineOffset + Number(error.lines ?? 0);
      if (error.code === 'CSV_MAX_RECORD_SIZE')
        throw new SfbExportError(
          'RECORD_TOO_LARGE',
          `The row that ends on line ${endLine} is longer than ${maxRecordChars} characters: a quoted value is probably never closed. Check the quotes before that line and upload the file again.`,
        );
      const line = endLine - innerLineBreaks(raw ?? '');
      const known = pending.get(line);
      if (known) known.throughLine = Math.max(known.throughLine, endLine);
      else pending.set(line, { line, throughLine: endLine, reason: describe(error) });
      return undefined;
    },
  });
  Readable.from(slices(body)).pipe(parser);

  let records: ParsedRecord[] = [];
  const pause = createYielder();
  const flush = (beforeLine: number): ParsedChunk => {
    const problems: ParseProblem[] = [];
    for (const [line, problem] of pending)
      if (line < beforeLine) {
        problems.push(problem);
        pending.delete(line);
      }
    const chunk = { records, problems };
    records = [];
    return chunk;
  };

  for await (const { record, info, raw } of parser as AsyncIterable<{ record: string[]; info: Info; raw: string }>) {
    if (record.every((field) => field.trim() === '')) continue;
    const line = lineOffset + info.lines - innerLineBreaks(raw);
    records.push({ line, fields: record });
    if (records.length >= RECORDS_PER_CHUNK) {
      yield flush(line);
      await yieldToEventLoop();
    } else await pause();
  }
  const last = flush(Number.POSITIVE_INFINITY);
  if (last.records.length > 0 || last.problems.length > 0) yield last;
}

/** Line breaks inside a record's raw text: not the empty lines before it, nor its own line end. */
function innerLineBreaks(raw: string): number {
  const trimmed = raw.replace(/^\n+/, '').replace(/\n$/, '');
  let count = 0;
  for (let at = trimmed.indexOf('\n'); at !== -1; at = trimmed.indexOf('\n', at + 1)) count++;
  return count;
}

/** The parser's complaint in the administrator's terms, without echoing the row's contents. */
function describe(error: CsvError): string {
  switch (error.code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'a quoted value is followed by other text before the next separator (a quote inside a quoted value must be doubled: "")';
    case 'INVALID_OPENING_QUOTE':
      return 'a quote appears inside a value that is not quoted (quote the whole value and double the quote inside it: "")';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted value is never closed';
    default:
      return `the row cannot be read as CSV (${error.code})`;
  }
}

/** Slices that never split a surrogate pair (the parser encodes each slice on its own). */
function* slices(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + SLICE_CHARS, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    yield text.slice(start, end);
    start = end;
  }
}
