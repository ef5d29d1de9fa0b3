/**
 * Sync-PinDeskDirectory and Import-PinDeskUser: the Directory page's "Preview sync", "Sync
 * now" and "Import from file", for scripts. -WhatIf writes the preview as host lines (stderr,
 * like every "What if"); a run writes its progress there too, and its result object to stdout.
 */
import fs from 'node:fs/promises';
import { InputError } from '../../validation/input-error';
import type { EntryProblem } from '../../directory/reader';
import type { SyncCounts, SyncRunView } from '../../scripting/directory';
import { fileTooLargeMessage, MAX_IMPORT_BYTES, MAX_IMPORT_DOMAIN, MAX_SOURCE_NAME } from '../../scripting/directory-limits';
import { isStop, problemOf, type Command, type CommandContext } from '../command';

const whatIf = { name: 'WhatIf', type: 'switch', help: 'show what would change (counts, skipped entries), change nothing' } as const;

/** "124 new, 12 changed, 3 disabled, 2 removed, 0 restored, 0 deprovisioned, 4 skipped". Pure. */
export function describeCounts(counts: SyncCounts): string {
  const n = (value: number) => value.toLocaleString('en-US');
  return [
    `${n(counts.created)} new`,
    `${n(counts.changed)} changed`,
    `${n(counts.disabled)} disabled`,
    `${n(counts.removed)} removed`,
    `${n(counts.restored)} restored`,
    `${n(counts.deprovisioned)} deprovisioned`,
    `${n(counts.skipped)} skipped`,
  ].join(', ');
}

function hostProblems(ctx: CommandContext, problems: readonly EntryProblem[], total: number) {
  for (const problem of problems) ctx.host(`  skipped ${problem.entry}: ${problem.reason}`);
  if (total > problems.length)
    ctx.host(`  … and ${(total - problems.length).toLocaleString('en-US')} more (the run's history keeps the first ${problems.length}).`);
}

/** The run's result object (cmdlet property names), and its problems and failure on stderr; exit code 1 unless it succeeded. */
async function reportRun(ctx: CommandContext, command: string, run: SyncRunView) {
  ctx.host(`${command}: ${run.status}: ${describeCounts(run)} (${run.read.toLocaleString('en-US')} read, ${run.unchanged.toLocaleString('en-US')} unchanged).`);
  hostProblems(ctx, run.problems, run.skipped);
  await ctx.emit(
    {
      RunId: run.id,
      Source: run.sourceName,
      Kind: run.kind,
      Status: run.status,
      Read: run.read,
      Created: run.created,
      Changed: run.changed,
      Unchanged: run.unchanged,
      Disabled: run.disabled,
      Removed: run.removed,
      Restored: run.restored,
      Deprovisioned: run.deprovisioned,
      Skipped: run.skipped,
      Message: run.message,
    },
    `run ${run.id}`,
  );
  if (run.status !== 'succeeded') ctx.fail(run.sourceName, run.message || `the run ended as ${run.status}.`);
}

/** Follows a started run to its end, with a progress line whenever its counts move. */
async function followRun(ctx: CommandContext, command: string, runId: string) {
  const client = await ctx.client();
  ctx.host(`${command}: started run ${runId}.`);
  let last = '';
  let run: SyncRunView;
  try {
    run = await client.waitForDirectoryRun(
      runId,
      (counts) => {
        const line = `${counts.read.toLocaleString('en-US')} read: ${describeCounts(counts)}`;
        if (line !== last) ctx.host(`${command}: ${line}`);
        last = line;
      },
      ctx.stopSignal,
    );
  } catch (error) {
    // Remote mode stops following; the run itself is the server's and goes on.
    if (isStop(error)) ctx.host(`${command}: run ${runId} goes on on the server; its progress and result are on the Directory page.`);
    throw error;
  }
  await reportRun(ctx, command, run);
}

/** The command's one object failed (another sync running, an unreadable source): one line, exit code 1. */
async function asOneObject(ctx: CommandContext, name: string, fn: () => Promise<void>) {
  try {
    await fn();
  } catch (error) {
    if (isStop(error) || error instanceof InputError) throw error;
    ctx.fail(name, problemOf(error));
  }
}

export const syncPinDeskDirectory: Command = {
  name: 'Sync-PinDeskDirectory',
  synopsis: 'Sync-PinDeskDirectory [-Source <name>] [-Full] [-WhatIf]',
  description: 'syncs users from an LDAP / Active Directory source (-WhatIf: the preview), with progress',
  parameters: [
    { name: 'Source', type: 'string', position: 0, help: 'the LDAP source (needed when there are several)', maxLength: MAX_SOURCE_NAME },
    { name: 'Full', type: 'switch', help: 'read every entry, not only those changed since the last sync' },
    whatIf,
  ],
  unreadChange: 'the sync ran, but the output closed before its result could be known to have been read; the Directory page has its history.',
  async run(ctx) {
    const source = typeof ctx.params.Source === 'string' ? ctx.params.Source : undefined;
    const full = ctx.params.Full === true;
    await asOneObject(ctx, 'Sync-PinDeskDirectory', async () => {
      const client = await ctx.client();
      if (ctx.params.WhatIf === true) {
        const preview = await client.previewDirectorySync({ source, full });
        if (preview.status === 'failed') {
          ctx.fail(preview.source, preview.message);
          return;
        }
        ctx.host(`What if: ${preview.kind} sync of "${preview.source}": ${describeCounts(preview.counts)}.`);
        hostProblems(ctx, preview.problems, preview.counts.skipped);
        return;
      }
      // Local mode: a stop signal cancels the sync (recorded as cancelled; the next sync finishes it).
      const { runId } = await client.startDirectorySync({ source, full }, { signal: ctx.stopSignal });
      await followRun(ctx, 'Sync-PinDeskDirectory', runId);
    });
  },
};

/**
 * The file's bytes, its size bounded before anything is read (and again while reading, should
 * it grow meanwhile). Problems are usage errors: nothing was sent or changed.
 */
export async function readImportFile(path: string): Promise<Uint8Array> {
  let file: fs.FileHandle;
  try {
    file = await fs.open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? `-Path: there is no file "${path}".` : `-Path: "${path}" cannot be opened (${code ?? 'error'}); check the path and its permissions.`,
    );
  }
  try {
    const stat = await file.stat();
    if (!stat.isFile()) throw new InputError(`-Path: "${path}" is not a file; give the CSV file from Get-CsUser | Export-Csv.`);
    const tooLarge = (size: number) => new InputError(`-Path: ${fileTooLargeMessage(size, `"${path}"`)}`);
    if (stat.size > MAX_IMPORT_BYTES) throw tooLarge(stat.size);
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_IMPORT_BYTES) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_IMPORT_BYTES) throw tooLarge(length);
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length);
  } finally {
    await file.close();
  }
}

export const importPinDeskUser: Command = {
  name: 'Import-PinDeskUser',
  synopsis: 'Import-PinDeskUser -Path <file.csv> [-Domain <NETBIOS>] [-WhatIf]',
  description: 'imports users from a Skype for Business Get-CsUser | Export-Csv file (-WhatIf: the preview)',
  parameters: [
    { name: 'Path', type: 'string', position: 0, help: 'the CSV file (UTF-8 or UTF-16 LE, at most 50 MiB)', maxLength: 4096 },
    { name: 'Domain', type: 'string', help: 'the NetBIOS domain of every user (default: from each DN), e.g. LITWAREINC', maxLength: MAX_IMPORT_DOMAIN },
    whatIf,
  ],
  unreadChange: 'the import ran, but the output closed before its result could be known to have been read; the Directory page has its history.',
  async run(ctx) {
    const path = ctx.params.Path;
    if (typeof path !== 'string' || path.trim() === '') throw new InputError('give -Path <file.csv>: a file from Get-CsUser | Export-Csv.');
    const domain = typeof ctx.params.Domain === 'string' ? ctx.params.Domain : undefined;
    const bytes = await readImportFile(path);
    await asOneObject(ctx, path, async () => {
      const client = await ctx.client();
      if (ctx.params.WhatIf === true) {
        const preview = await client.previewUserImport({ bytes, domain });
        ctx.host(
          `What if: import of "${path}": ${preview.encoding}${preview.typeName ? `, #TYPE ${preview.typeName}` : ''}, ${preview.rows.toLocaleString('en-US')} rows (${preview.entries.toLocaleString('en-US')} users, ${preview.problems.toLocaleString('en-US')} with problems).`,
        );
        if (preview.columns.ignored.length > 0) ctx.host(`  ignored columns: ${preview.columns.ignored.join(', ')}`);
        // What to check before importing (names that lost letters to "?"), where the export reader reports it.
        const { warnings } = preview as { warnings?: unknown };
        if (Array.isArray(warnings)) for (const warning of warnings) if (typeof warning === 'string') ctx.host(`  warning: ${warning}`);
        if (preview.result.status === 'failed') {
          ctx.fail(path, preview.result.message);
          return;
        }
        ctx.host(`What if: ${describeCounts(preview.result.counts)}.`);
        hostProblems(ctx, preview.result.problems, preview.result.counts.skipped);
        return;
      }
      const { runId } = await client.startUserImport({ bytes, domain });
      await followRun(ctx, 'Import-PinDeskUser', runId);
    });
  },
};
