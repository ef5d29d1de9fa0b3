/**
 * "Import from file": a `Get-CsUser | Export-Csv` file from a Skype for Business server as a
 * directory source. The whole file is read once when it is opened (so the preview can show
 * its counts and every problem by line); the reader then hands out the same batches on each
 * read, so the preview and the import that follows it see exactly the same entries.
 */
import type { DirectoryEntry } from '../entry';
import type { SiteRule } from '../placement';
import type { DirectoryReader, EntryProblem, ReadBatch } from '../reader';
import { resolveColumns, type ResolvedColumns } from './columns';
import { decodeExport, type SfbEncoding } from './decode';
import { createDuplicateCheck } from './duplicates';
import { SfbExportError } from './errors';
import { parseExport, type ParseProblem, type SfbDelimiter } from './parse';
import { mapRow, rowLabel } from './row-mapping';
import { createYielder, yieldToEventLoop } from './yield-to-event-loop';

export { SfbExportError, type SfbExportErrorCode } from './errors';
export { DEFAULT_MAX_BYTES, type SfbEncoding } from './decode';
export type { SfbDelimiter } from './parse';

export type SfbExportOptions = {
  /** The NetBIOS domain of every user (`LITWAREINC`); by default each DN's first DC= label, upper-cased. */
  domain?: string;
  /** OU → site rules for users whose row has no site. */
  siteRules?: readonly SiteRule[];
  /** Largest file accepted, in bytes (default 50 MiB). */
  maxBytes?: number;
};

export type SfbExport = {
  encoding: SfbEncoding;
  /** What the `#TYPE` line named (Windows PowerShell 5.1 writes one), or null. */
  typeName: string | null;
  /** The column separator: a comma, or what `Export-Csv -UseCulture` / `-Delimiter` wrote. */
  delimiter: SfbDelimiter;
  /** Columns PinDesk reads (by Get-CsUser's name) and the file's other columns, which it ignores. */
  columns: { used: string[]; ignored: string[] };
  /** Data rows in the file (not the header), whether they could be taken or not. */
  rows: number;
  /** Rows that map to a user. */
  entries: number;
  /** Rows that cannot be taken, each with its line and reason. */
  problems: number;
  /**
   * Things the administrator should check before importing, in words: for now, names with "?"
   * where Windows PowerShell 5.1's Export-Csv (ASCII by default) dropped letters such as ö.
   */
  warnings: string[];
  /** Reads the file's users as changes: an import adds and updates users, never removes one. */
  reader: DirectoryReader;
};

const MAX_DOMAIN = 15;
const NETBIOS_DOMAIN = /^[^\\/:*?"<>|.\s][^\\/:*?"<>|\s]*$/;
const MAX_SITE_RULES = 1000;
const MAX_RULE_TEXT = 1024;

/**
 * Opens an export file. Throws SfbExportError when the file as a whole cannot be imported
 * (too large, not text, no header, required columns missing, a row far too long); problems in
 * single rows are listed by the reader instead.
 */
export async function openSfbExport(bytes: Uint8Array, options: SfbExportOptions = {}): Promise<SfbExport> {
  checkOptions(options);
  const { text, encoding } = await decodeExport(bytes, { maxBytes: options.maxBytes });
  const { typeName, delimiter, chunks } = parseExport(text);
  const isDuplicate = createDuplicateCheck();
  const batches: ReadBatch[] = [];
  let columns: ResolvedColumns | null = null;
  let headerLine = 0;
  let rows = 0;
  let entryCount = 0;
  let problemCount = 0;
  const pause = createYielder();
  // Windows PowerShell 5.1's Export-Csv writes ASCII unless told otherwise, and ASCII has no
  // "ö": it writes "?" instead. Such a file is valid UTF-8, so only the question marks tell.
  let questionMarkRows = 0;
  let firstQuestionMarkLine = 0;

  for await (const chunk of chunks) {
    const batch: ReadBatch = { entries: [], problems: [] };
    let records = chunk.records;
    if (!columns && records.length > 0) {
      headerLine = records[0].line;
      const unreadable = chunk.problems.find((problem) => problem.line < headerLine);
      if (unreadable) throw headerError(unreadable);
      columns = resolveColumns(records[0].fields);
      records = records.slice(1);
    }
    if (!columns) {
      if (chunk.problems.length > 0) throw headerError(chunk.problems[0]);
      continue;
    }
    // Problems in file order, whether the parser or the mapping found them.
    const problems = chunk.problems.map((problem) => ({ line: problem.line, problem: fromParseProblem(problem) }));
    for (const record of records) {
      const result = mapRow(record, columns.map, options);
      const duplicate = isDuplicate({ line: record.line, sipAddress: result.sipAddress, externalId: result.externalId });
      if (result.problem) problems.push({ line: record.line, problem: result.problem });
      else if (duplicate)
        problems.push({ line: record.line, problem: { entry: rowLabel(record.line, result.sipAddress), reason: duplicate, externalId: result.externalId } });
      else {
        batch.entries.push(result.entry);
        if (encoding === 'utf-8' && hasLostLetters(result.entry)) {
          questionMarkRows++;
          firstQuestionMarkLine ||= record.line;
        }
      }
      await pause();
    }
    batch.problems = problems.sort((a, b) => a.line - b.line).map(({ problem }) => problem);
    rows += records.length + chunk.problems.length;
    entryCount += batch.entries.length;
    problemCount += batch.problems.length;
    if (batch.entries.length > 0 || batch.problems.length > 0) batches.push(batch);
  }
  if (!columns)
    throw new SfbExportError(
      'FILE_EMPTY',
      'The file holds no header and no users. Create it on the Skype for Business server with Get-CsUser | Export-Csv users.csv and upload that file.',
    );
  if (rows === 0)
    throw new SfbExportError(
      'FILE_EMPTY',
      `The file has column names (line ${headerLine}) but no users. Check that Get-CsUser returns users on the Skype for Business server (for example Get-CsUser | Measure-Object), then export again.`,
    );
  return {
    encoding,
    typeName,
    delimiter,
    columns: { used: columns.used, ignored: columns.ignored },
    rows,
    entries: entryCount,
    problems: problemCount,
    warnings:
      questionMarkRows > 0
        ? [
            `${questionMarkRows} ${questionMarkRows === 1 ? 'user has' : 'users have'} a "?" in a name or title (first on line ${firstQuestionMarkLine}): Windows PowerShell 5.1's Export-Csv writes ASCII by default and puts "?" in place of letters such as ö. If the names are wrong, export again with Export-Csv -Encoding UTF8.`,
          ]
        : [],
    reader: {
      read: async ({ signal }) => {
        signal?.throwIfAborted();
        return { kind: 'changes', batches: replay(batches, signal), gone: async () => [], nextCursor: null };
      },
    },
  };
}

async function* replay(batches: readonly ReadBatch[], signal: AbortSignal | undefined): AsyncGenerator<ReadBatch> {
  for (const batch of batches) {
    // Between batches, so a consumer that applies them without awaiting I/O still lets the loop run.
    await yieldToEventLoop();
    signal?.throwIfAborted();
    // Copies, so a consumer that edits a batch does not change what the next read returns.
    yield { entries: batch.entries.map((entry) => ({ ...entry, otherPhones: [...entry.otherPhones] })), problems: batch.problems.map((p) => ({ ...p })) };
  }
}

function hasLostLetters(entry: DirectoryEntry): boolean {
  return [entry.displayName, entry.firstName, entry.lastName, entry.title, entry.department, entry.office, entry.city].some((text) => text.includes('?'));
}

function headerError({ line, reason }: ParseProblem): SfbExportError {
  return new SfbExportError('HEADER_MISSING', `The header on line ${line} cannot be read: ${reason}. Export the file again with Get-CsUser | Export-Csv.`);
}

function fromParseProblem({ line, throughLine, reason }: ParseProblem): EntryProblem {
  const unread = throughLine > line ? `; lines ${line}–${throughLine} could not be read` : '';
  return { entry: `line ${line}`, reason: `${reason}${unread} (correct the file and upload it again)` };
}

function checkOptions({ domain, siteRules }: SfbExportOptions): void {
  if (domain !== undefined && (domain.length > MAX_DOMAIN || !NETBIOS_DOMAIN.test(domain)))
    throw new RangeError(
      `The domain must be a NetBIOS domain name of 1 to ${MAX_DOMAIN} characters without spaces, dots or \\/:*?"<>| (for example LITWAREINC).`,
    );
  if (siteRules && siteRules.length > MAX_SITE_RULES) throw new RangeError(`At most ${MAX_SITE_RULES} OU → site rules can be given, not ${siteRules.length}.`);
  for (const rule of siteRules ?? [])
    if (rule.ou.length > MAX_RULE_TEXT || rule.site.length > MAX_RULE_TEXT)
      throw new RangeError(`An OU → site rule's OU and site are at most ${MAX_RULE_TEXT} characters each.`);
}
