/**
 * What the REST API and the `pindesk` CLI (local mode) can do with the directory, bound to one
 * caller: Sync-PinDeskDirectory (preview or start) and Import-PinDeskUser (preview or start),
 * over lib/directory/directory-service.ts — the Directory page's use cases. This file only
 * picks the LDAP source by name and bounds the input; permissions (directory.manage) are
 * checked by the caller (route guard, or the local operator's shell access).
 */
import {
  getRun,
  IMPORT_SOURCE_NAME,
  listDirectorySources,
  previewImport,
  previewSync,
  startImport,
  startSync,
  type DirectoryDeps,
  type ImportPreview,
  type SyncResult,
  type SyncRunView,
  type Who,
} from '../directory/directory-service';
import { DirectorySourceError } from '../directory/source-error';
import { SyncNotStartedError } from '../directory/sync-service';
import type { SyncCounts } from '../db/directory-sync-runs';
import { InputError, assertNoProblem } from '../validation/input-error';
import { textInputProblem } from '../validation/text';
import { fileTooLargeMessage, MAX_IMPORT_BYTES, MAX_IMPORT_DOMAIN, MAX_RUN_ID, MAX_SOURCE_NAME } from './directory-limits';

export type { ImportPreview, SyncRunView, SyncResult, SyncCounts };

export { MAX_IMPORT_BYTES, MAX_IMPORT_DOMAIN, MAX_RUN_ID } from './directory-limits';

/** "Preview sync": the source it read, and what a sync would do (status "failed" with the message when the source could not be read). */
export type DirectorySyncPreview = SyncResult & { source: string };

export type SyncRequest = { source?: string; full?: boolean };
export type ImportRequest = { bytes: Uint8Array; domain?: string };
export type Started = { runId: string; done: Promise<SyncResult> };

/** The directory operations both CLI modes offer (remote: the REST API, which runs these). */
export type DirectoryClient = {
  previewDirectorySync(input: SyncRequest): Promise<DirectorySyncPreview>;
  /** Starts a sync; in local mode `signal` cancels it (the run is recorded as cancelled). */
  startDirectorySync(input: SyncRequest, options?: { signal?: AbortSignal }): Promise<{ runId: string }>;
  getDirectoryRun(runId: string): Promise<SyncRunView>;
  /**
   * Resolves once the run has ended, calling onProgress as its counts move. In remote mode
   * `signal` stops the waiting (rejecting with its reason); the run goes on on the server.
   */
  waitForDirectoryRun(runId: string, onProgress: (counts: SyncCounts) => void, signal?: AbortSignal): Promise<SyncRunView>;
  previewUserImport(input: ImportRequest): Promise<ImportPreview>;
  startUserImport(input: ImportRequest): Promise<{ runId: string }>;
};

/** The same operations on the server's side: starting one hands back its completion too. */
export type DirectoryScripting = {
  previewDirectorySync(input: SyncRequest): Promise<DirectorySyncPreview>;
  startDirectorySync(input: SyncRequest, options?: { onProgress?: (counts: SyncCounts) => void; signal?: AbortSignal }): Promise<Started>;
  getDirectoryRun(runId: string): Promise<SyncRunView>;
  previewUserImport(input: ImportRequest): Promise<ImportPreview>;
  startUserImport(input: ImportRequest): Promise<Started>;
};

/** No run with that id (404 over the API). */
export class RunNotFoundError extends Error {
  constructor(runId: string) {
    super(`There is no directory sync or import run "${runId.slice(0, MAX_RUN_ID)}". The run id is the one the sync or import answered with.`);
    this.name = 'RunNotFoundError';
  }
}

/** The LDAP source to sync: the one named, or the only one there is. */
async function resolveSource(deps: DirectoryDeps, name: string | undefined): Promise<{ id: string; name: string }> {
  if (name !== undefined) assertNoProblem(textInputProblem('The source name', name, MAX_SOURCE_NAME), 'source');
  const all = await listDirectorySources(deps);
  const ldap = all.filter((s) => s.kind === 'ldap');
  const wanted = name?.trim();
  if (wanted) {
    const found = all.find((s) => s.name.toLowerCase() === wanted.toLowerCase());
    if (!found)
      throw new SyncNotStartedError(
        'SOURCE_NOT_FOUND',
        `There is no directory source named "${wanted}".${ldap.length ? ` The LDAP sources are: ${ldap.map((s) => `"${s.name}"`).join(', ')}.` : ''}`,
      );
    if (found.kind !== 'ldap')
      throw new DirectorySourceError(
        'NOT_SYNCABLE',
        found.name === IMPORT_SOURCE_NAME
          ? `"${found.name}" changes only by importing a new export file (Import-PinDeskUser).`
          : `"${found.name}" is the seeded demo directory; it is not synced.`,
      );
    return found;
  }
  if (ldap.length === 0)
    throw new DirectorySourceError(
      'NO_LDAP_SOURCE',
      'There is no LDAP directory source to sync. Add one on the Directory page, or set DIRECTORY_LDAP_URL (and the other DIRECTORY_LDAP_* settings) on the server.',
    );
  if (ldap.length > 1)
    throw new InputError(`There are ${ldap.length} LDAP sources; name one with -Source (source): ${ldap.map((s) => `"${s.name}"`).join(', ')}.`, 'source');
  return ldap[0];
}

function checkImport(input: ImportRequest) {
  if (input.bytes.length > MAX_IMPORT_BYTES) throw new InputError(fileTooLargeMessage(input.bytes.length), 'file');
  if (input.domain !== undefined) {
    assertNoProblem(textInputProblem('The domain', input.domain, MAX_IMPORT_DOMAIN), 'domain');
    if (!/^[^\\/:*?"<>|.\s][^\\/:*?"<>|\s]*$/.test(input.domain))
      throw new InputError(
        `The domain must be a NetBIOS domain name of 1 to ${MAX_IMPORT_DOMAIN} characters without spaces, dots or \\/:*?"<>| (for example LITWAREINC).`,
        'domain',
      );
  }
  return { bytes: input.bytes, options: { domain: input.domain, maxBytes: MAX_IMPORT_BYTES } };
}

export function createDirectoryScripting(deps: DirectoryDeps, who: Who): DirectoryScripting {
  return {
    async previewDirectorySync({ source, full }) {
      const found = await resolveSource(deps, source);
      return { ...(await previewSync(deps, found.id, who, { full })), source: found.name };
    },

    async startDirectorySync({ source, full }, options = {}) {
      const found = await resolveSource(deps, source);
      return startSync(deps, found.id, who, { full, onProgress: options.onProgress, signal: options.signal });
    },

    async getDirectoryRun(runId) {
      assertNoProblem(textInputProblem('The run id', runId, MAX_RUN_ID), 'id');
      const run = await getRun(deps, runId);
      if (!run) throw new RunNotFoundError(runId);
      return run;
    },

    previewUserImport: (input) => previewImport(deps, checkImport(input), who),

    startUserImport: (input) => startImport(deps, checkImport(input), who),
  };
}
