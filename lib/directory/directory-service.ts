/**
 * The Directory page's, the CLI's and the REST API's use cases: sources (an LDAP / Active
 * Directory connection, the one from DIRECTORY_LDAP_* settings, the demo seed, Skype for
 * Business file imports), "Test connection", "Preview sync", a sync started in the
 * background, the history, and "Import from file". Callers check permissions
 * (directory.manage) before calling.
 */
import { randomUUID } from 'node:crypto';
import type { DbHandle } from '../db/client';
import { roleMappingFromEnv } from '../auth/role-mapping';
import * as sources from '../db/directory-sources';
import { getSyncRun, listSyncRuns, type SyncRunView } from '../db/directory-sync-runs';
import type { Clock, RequestContext } from '../pin/types';
import { openBindPassword, sealBindPassword } from './bind-password';
import { testLdapConnection, type LdapConnectionTest } from './ldap/test-connection';
import { createLdapReader } from './ldap/ldap-reader';
import { LdapSettingsError, parseLdapSettings, type LdapSourceSettings } from './ldap/settings';
import type { DirectoryReader } from './reader';
import { openSfbExport, type SfbExport, type SfbExportOptions } from './sfb-export';
import { DirectorySourceError } from './source-error';
import { runDirectorySync, SyncNotStartedError, type SyncActor, type SyncResult } from './sync-service';

export { SyncNotStartedError, type SyncResult } from './sync-service';
export type { SyncRunView } from '../db/directory-sync-runs';
export type { SourceView } from '../db/directory-sources';
export type { LdapConnectionTest } from './ldap/test-connection';

export type Who = { actor: SyncActor; context?: RequestContext };
export type DirectoryDeps = { handle: DbHandle; clock: Clock; env?: Readonly<Record<string, string | undefined>> };

/** The name of the source Skype for Business export files are imported into. */
export const IMPORT_SOURCE_NAME = 'Skype for Business import';
export const MAX_SOURCE_NAME = 100;
export const MAX_GRACE_HOURS = 24 * 365;
export const MAX_INTERVAL_MINUTES = 7 * 24 * 60;

export type SourceWithRuns = sources.SourceView & {
  latestRun: SyncRunView | null;
  settingsSummary: string;
  /** An LDAP source's settings as the edit form shows them (never the bind password); null for other kinds or unreadable settings. */
  ldapSettings: LdapSourceSettings | null;
};

/** Every source with its latest run, for the Directory page. */
export async function listDirectorySources({ handle }: DirectoryDeps): Promise<SourceWithRuns[]> {
  const all = await sources.listSources(handle.db);
  return Promise.all(
    all.map(async (source) => {
      const [latestRun = null] = await listSyncRuns(handle.db, { sourceId: source.id, limit: 1 });
      return { ...source, latestRun, settingsSummary: summarise(source), ldapSettings: ldapSettingsOf(source) };
    }),
  );
}

function ldapSettingsOf(source: sources.SourceView): LdapSourceSettings | null {
  if (source.kind !== 'ldap') return null;
  try {
    return parseLdapSettings(JSON.parse(source.settings));
  } catch {
    return null;
  }
}

function summarise(source: sources.SourceView): string {
  if (source.kind === 'demo') return 'The seeded demo directory (for development and the e2e suite).';
  if (source.kind === 'import') return 'Users imported from Skype for Business export files.';
  try {
    const settings = parseLdapSettings(JSON.parse(source.settings));
    return `${settings.url}, ${settings.baseDns.join('; ')}`;
  } catch {
    return 'Settings need attention: open the source to fix them.';
  }
}

export async function listRuns({ handle }: DirectoryDeps, options: { sourceId?: string; limit: number }): Promise<SyncRunView[]> {
  return listSyncRuns(handle.db, options);
}

export async function getRun({ handle }: DirectoryDeps, runId: string): Promise<SyncRunView | null> {
  return getSyncRun(handle.db, runId);
}

export type LdapSourceInput = {
  /** Absent: a new source. */
  id?: string;
  name: string;
  settings: unknown;
  /** A new bind password; absent or '' keeps the stored one. */
  bindPassword?: string;
  syncIntervalMinutes: number;
  removalGraceHours: number;
};

export type SaveResult = { ok: true; id: string } | { ok: false; problems: { field: string; message: string }[] };

/** Creates or changes an LDAP source; a change starts the next sync with a full read. */
export async function saveLdapSource({ handle }: DirectoryDeps, input: LdapSourceInput): Promise<SaveResult> {
  const problems: { field: string; message: string }[] = [];
  const name = input.name.trim();
  if (!name || name.length > MAX_SOURCE_NAME) problems.push({ field: 'name', message: `Give the source a name of 1 to ${MAX_SOURCE_NAME} characters.` });
  if (!Number.isInteger(input.syncIntervalMinutes) || input.syncIntervalMinutes < 0 || input.syncIntervalMinutes > MAX_INTERVAL_MINUTES)
    problems.push({ field: 'syncIntervalMinutes', message: `The sync interval is 0 (only when asked) to ${MAX_INTERVAL_MINUTES} minutes.` });
  if (!Number.isInteger(input.removalGraceHours) || input.removalGraceHours < 0 || input.removalGraceHours > MAX_GRACE_HOURS)
    problems.push({ field: 'removalGraceHours', message: `The grace period is 0 to ${MAX_GRACE_HOURS} hours.` });
  let settings: LdapSourceSettings | null = null;
  try {
    settings = parseLdapSettings(input.settings);
  } catch (error) {
    if (!(error instanceof LdapSettingsError)) throw error;
    problems.push(...error.problems.map((p) => ({ field: `settings.${p.field}`, message: p.message })));
  }
  const existing = input.id ? await sources.getSource(handle.db, input.id) : null;
  if (input.id && !existing) problems.push({ field: 'id', message: 'That source no longer exists. Reload the Directory page.' });
  if (existing?.fromEnvironment) problems.push({ field: 'id', message: 'This source is configured by DIRECTORY_LDAP_* settings; change them on the server.' });
  if (existing && existing.kind !== 'ldap') problems.push({ field: 'id', message: 'Only LDAP sources have connection settings.' });
  if (!existing && !input.bindPassword) problems.push({ field: 'bindPassword', message: 'Enter the bind account’s password.' });
  if (existing && settings && !input.bindPassword && movesPassword(existing.settings, settings))
    problems.push({ field: 'bindPassword', message: PASSWORD_AGAIN });
  const clash = await sources.findSourceByName(handle.db, name);
  if (clash && clash.id !== input.id) problems.push({ field: 'name', message: `A source named "${name}" exists already; choose another name.` });
  if (problems.length > 0 || !settings) return { ok: false, problems };

  const id = input.id ?? randomUUID();
  const record: sources.SourceInput = {
    name,
    kind: 'ldap',
    settings: JSON.stringify(settings),
    syncIntervalMinutes: input.syncIntervalMinutes,
    removalGraceHours: input.removalGraceHours,
    ...(input.bindPassword ? { bindPasswordCiphertext: sealBindPassword(input.bindPassword, id) } : {}),
  };
  if (existing) await sources.updateSource(handle.db, id, record);
  else await sources.createSourceWithId(handle.db, id, record);
  return { ok: true, id };
}

/** "Test connection": the stored source, or settings not saved yet (with the password typed, or the stored one). */
export async function testConnection(
  { handle, env = process.env }: DirectoryDeps,
  input: { sourceId?: string; settings?: unknown; bindPassword?: string },
): Promise<LdapConnectionTest | { ok: false; code: 'SETTINGS_INVALID'; message: string }> {
  try {
    const stored = input.sourceId ? await sources.getSourceForSync(handle.db, input.sourceId) : null;
    if (input.sourceId && !stored) return { ok: false, code: 'SETTINGS_INVALID', message: 'That source no longer exists. Reload the Directory page.' };
    const settings = parseLdapSettings(input.settings ?? JSON.parse(stored?.settings ?? '{}'));
    if (stored && !input.bindPassword && movesPassword(stored.settings, settings)) return { ok: false, code: 'SETTINGS_INVALID', message: PASSWORD_AGAIN };
    const password = input.bindPassword || (stored ? bindPasswordOf(stored, env) : '');
    return await testLdapConnection(settings, password);
  } catch (error) {
    if (error instanceof LdapSettingsError || error instanceof DirectorySourceError) return { ok: false, code: 'SETTINGS_INVALID', message: error.message };
    throw error;
  }
}

const PASSWORD_AGAIN =
  'Enter the bind password again: the server, TLS name or bind DN changed, and the stored password is only ever sent to the server it was saved for.';

/**
 * Whether `next` would send the stored bind password somewhere else than `storedJson` did (another
 * server, TLS name or account): then it must be typed again, so that no one who can edit a source
 * can point it at a server of their own and collect the password.
 */
function movesPassword(storedJson: string, next: LdapSourceSettings): boolean {
  let stored: LdapSourceSettings;
  try {
    stored = parseLdapSettings(JSON.parse(storedJson));
  } catch {
    return true;
  }
  return (
    stored.url !== next.url ||
    (stored.tlsServerName ?? '') !== (next.tlsServerName ?? '') ||
    stored.bindDn !== next.bindDn ||
    (stored.caPem ?? '') !== (next.caPem ?? '')
  );
}

function bindPasswordOf(source: sources.SourceForSync, env: Readonly<Record<string, string | undefined>>): string {
  if (source.fromEnvironment) return env.DIRECTORY_LDAP_BIND_PASSWORD ?? '';
  if (!source.bindPasswordCiphertext)
    throw new DirectorySourceError('NO_BIND_PASSWORD', 'No bind password is stored for this source: enter it on the Directory page.');
  return openBindPassword(source.bindPasswordCiphertext, source.id);
}

/** An LDAP source's stored record and parsed settings; DirectorySourceError for any other kind or unreadable settings. */
export async function ldapSourceOf(handle: DbHandle, sourceId: string): Promise<{ source: sources.SourceForSync; settings: LdapSourceSettings }> {
  const source = await sources.getSourceForSync(handle.db, sourceId);
  if (!source) throw new SyncNotStartedError('SOURCE_NOT_FOUND', 'That directory source no longer exists. Reload the Directory page.');
  if (source.kind === 'demo') throw new DirectorySourceError('NOT_SYNCABLE', 'The demo directory is seeded (npm run seed), not synced.');
  if (source.kind === 'import') throw new DirectorySourceError('NOT_SYNCABLE', 'Imported users change only by importing a new export file.');
  try {
    return { source, settings: parseLdapSettings(JSON.parse(source.settings)) };
  } catch (error) {
    throw new DirectorySourceError(
      'SETTINGS_INVALID',
      error instanceof LdapSettingsError ? error.message : 'The stored settings are unreadable; save them again.',
    );
  }
}

/** The reader of a source a sync can read: an LDAP source, with the group → role mapping. */
async function readerOf({ handle, env = process.env }: DirectoryDeps, sourceId: string): Promise<DirectoryReader> {
  const { source, settings } = await ldapSourceOf(handle, sourceId);
  return createLdapReader({ settings, bindPassword: bindPasswordOf(source, env), roleMapping: roleMappingFromEnv(env) });
}

/** "Preview sync": what a sync would do now, nothing written. */
export async function previewSync(deps: DirectoryDeps, sourceId: string, who: Who, options: { full?: boolean } = {}): Promise<SyncResult> {
  const reader = await readerOf(deps, sourceId);
  return runDirectorySync(deps.handle, { sourceId, reader, clock: deps.clock, whatIf: true, full: options.full, ...who });
}

/**
 * Starts a sync and answers once it is recorded (its run id), leaving it to run on; `done`
 * settles when it ends. Throws SyncNotStartedError when another sync holds the lease, and
 * DirectorySourceError when the source cannot be read at all (no password, bad settings).
 */
export async function startSync(
  deps: DirectoryDeps,
  sourceId: string,
  who: Who,
  options: { full?: boolean; signal?: AbortSignal; onProgress?: Parameters<typeof runDirectorySync>[1]['onProgress'] } = {},
): Promise<{ runId: string; done: Promise<SyncResult> }> {
  const reader = await readerOf(deps, sourceId);
  return startInBackground((onStarted) =>
    runDirectorySync(deps.handle, {
      sourceId,
      reader,
      clock: deps.clock,
      full: options.full,
      signal: options.signal,
      onProgress: options.onProgress,
      onStarted,
      ...who,
    }),
  );
}

function startInBackground(run: (onStarted: (runId: string) => void) => Promise<SyncResult>): Promise<{ runId: string; done: Promise<SyncResult> }> {
  return new Promise((resolve, reject) => {
    let started = false;
    const done = run((runId) => {
      started = true;
      resolve({ runId, done });
    });
    done.then(
      (result) => {
        // A WhatIf or a run that ended before it was recorded: nothing to follow.
        if (!started) reject(new DirectorySourceError('NOT_STARTED', result.message || 'The sync did not start.'));
      },
      (error: unknown) => {
        if (!started) reject(error);
        else console.error('directory sync failed:', error);
      },
    );
  });
}

export type ImportInput = { bytes: Uint8Array; options: SfbExportOptions };

export type ImportPreview = Omit<SfbExport, 'reader'> & { result: SyncResult };

/** The import source, created on first use: imported users are its users. */
async function importSourceId({ handle }: DirectoryDeps): Promise<string> {
  const existing = await sources.findSourceByName(handle.db, IMPORT_SOURCE_NAME);
  if (existing) return existing.id;
  try {
    return await sources.createSource(handle.db, { name: IMPORT_SOURCE_NAME, kind: 'import', settings: '{}', syncIntervalMinutes: 0, removalGraceHours: 24 });
  } catch {
    // Created meanwhile by another request.
    return (await sources.findSourceByName(handle.db, IMPORT_SOURCE_NAME))!.id;
  }
}

/** "Import from file" → the preview: the file's counts and every problem by line, and what the import would do. */
export async function previewImport(deps: DirectoryDeps, input: ImportInput, who: Who): Promise<ImportPreview> {
  const file = await openSfbExport(input.bytes, input.options);
  const sourceId = await importSourceId(deps);
  const result = await runDirectorySync(deps.handle, { sourceId, reader: file.reader, clock: deps.clock, whatIf: true, import: true, ...who });
  const { reader, ...info } = file;
  void reader;
  return { ...info, result };
}

/** "Import": the file's users added or changed, as a run of the import source. */
export async function startImport(deps: DirectoryDeps, input: ImportInput, who: Who): Promise<{ runId: string; done: Promise<SyncResult> }> {
  const file = await openSfbExport(input.bytes, input.options);
  const sourceId = await importSourceId(deps);
  return startInBackground((onStarted) => runDirectorySync(deps.handle, { sourceId, reader: file.reader, clock: deps.clock, import: true, onStarted, ...who }));
}
