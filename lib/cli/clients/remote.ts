/**
 * Remote mode (PINDESK_URL + PINDESK_TOKEN): the PinDeskClient operations over the REST API,
 * like remote PowerShell. The server runs the same scripting service as local mode; a
 * refusal comes back as its message (401 token, 403 role, 404 identity, 409/422 domain).
 */
import type { CsClientPinInfo, CsPinPolicy, CsPinSetResult, CsUser, WhatIfResult } from '../../scripting/objects';
import type { DirectorySyncPreview, ImportPreview, SyncCounts, SyncRunView } from '../../scripting/directory';
import type { CsRoleAssignment, CsRoleChange } from '../../scripting/roles';
import type { CliClient } from '../command';
import { userSearchToParams } from '../../users/search-params';

export class RemoteError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** Connection errors that mean the request never left: nothing can have changed. */
const requestNeverSent = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const changeMayHaveHappened =
  ' The server may have made the change before the connection broke: check it (Get-CsClientPinInfo, Get-CsPinPolicy) before trying again; a generated PIN that was not shown must be set again.';

const roleMayHaveChanged = ' The server may have made the change before the connection broke: check it (Get-PinDeskRoleAssignment) before trying again.';

const runMayHaveStarted = ' The server may have started the run before the connection broke: check the sync history on its Directory page before trying again.';

/** How often a started sync or import is asked for its progress. */
const POLL_MS = 1000;

/** Waits `ms`, or rejects with the signal's reason as soon as it is aborted. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function createRemoteClient(baseUrl: string, token: string, fetchImpl: typeof fetch = fetch): CliClient {
  const root = baseUrl.replace(/\/+$/, '');
  async function call<T>(
    method: string,
    path: string,
    options: { query?: URLSearchParams; body?: unknown; csv?: Uint8Array; whatIf?: boolean; mayHaveChanged?: string } = {},
  ): Promise<T> {
    const query = new URLSearchParams(options.query);
    if (options.whatIf) query.set('whatIf', 'true');
    const url = `${root}/api/v1${path}${query.size ? `?${query}` : ''}`;
    // A change whose request may have reached the server before the connection broke may have
    // been made (a PIN set that nobody will see): the error must say so, not only "cannot reach".
    const mayHaveChanged = method !== 'GET' && !options.whatIf;
    const changeHint = options.mayHaveChanged ?? changeMayHaveHappened;
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(url, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...(options.csv !== undefined ? { 'Content-Type': 'text/csv' } : {}),
        },
        body: options.csv !== undefined ? (options.csv as Uint8Array<ArrayBuffer>) : options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch (error) {
      const cause = error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
      const unsent = cause?.code !== undefined && requestNeverSent.has(cause.code);
      throw new RemoteError(
        `cannot reach ${root} (${cause?.message ?? (error instanceof Error ? error.message : 'network error')}); check PINDESK_URL.${mayHaveChanged && !unsent ? changeHint : ''}`,
        0,
        'NETWORK',
      );
    }
    try {
      text = await response.text();
    } catch (error) {
      const detail = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : 'network error';
      throw new RemoteError(`the connection to ${root} broke while its answer was read (${detail}).${mayHaveChanged ? changeHint : ''}`, 0, 'NETWORK');
    }
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // fall through: reported below
    }
    if (!response.ok) {
      const body = (json ?? {}) as { error?: string; code?: string };
      throw new RemoteError(body.error ?? `the server answered ${response.status} ${response.statusText}.`, response.status, body.code);
    }
    if (json === null)
      throw new RemoteError(`the server's answer to ${method} ${path} is not JSON; is PINDESK_URL a PinDesk server?`, response.status, undefined);
    return json as T;
  }
  return {
    async getUsers(query) {
      const params = userSearchToParams({ q: query.q, filters: query.filters, max: query.max, page: query.page });
      params.set('max', String(query.max));
      const page = await call<{ users: CsUser[]; total: number; truncated: boolean; page: number; pages: number }>('GET', '/users', { query: params });
      return { users: page.users, total: page.total, truncated: page.truncated, page: page.page, pages: page.pages };
    },
    getPinInfo: (identity) => call<CsClientPinInfo>('GET', '/pin-info', { query: new URLSearchParams({ identity }) }),
    setPin: ({ identity, pin, whatIf }) =>
      call<CsPinSetResult | WhatIfResult>('POST', '/pins/set', { body: { identity, ...(pin === undefined ? {} : { pin }) }, whatIf }),
    lockPin: ({ identity, whatIf }) => call<CsClientPinInfo | WhatIfResult>('POST', '/pins/lock', { body: { identity }, whatIf }),
    unlockPin: ({ identity, whatIf }) => call<CsClientPinInfo | WhatIfResult>('POST', '/pins/unlock', { body: { identity }, whatIf }),
    getPolicies: ({ identity, filter }) => {
      const query = new URLSearchParams();
      if (identity !== undefined) query.set('identity', identity);
      if (filter !== undefined) query.set('filter', filter);
      return call<CsPinPolicy[]>('GET', '/pin-policies', { query });
    },
    newPolicy: ({ identity, settings, whatIf }) => call('POST', '/pin-policies', { body: { Identity: identity, ...settings }, whatIf }),
    setPolicy: ({ identity, changes, whatIf }) => call('PATCH', '/pin-policies', { body: { Identity: identity, ...changes }, whatIf }),
    removePolicy: ({ identity, whatIf }) => call('DELETE', '/pin-policies', { query: new URLSearchParams({ identity }), whatIf }),
    grantPolicy: ({ identity, policy, whatIf }) => call('POST', '/pin-policies/grant', { body: { identity, policy }, whatIf }),

    previewDirectorySync: ({ source, full }) => call<DirectorySyncPreview>('POST', '/directory/sync', { body: { source, full, whatIf: true }, whatIf: true }),
    startDirectorySync: ({ source, full }) => call<{ runId: string }>('POST', '/directory/sync', { body: { source, full }, mayHaveChanged: runMayHaveStarted }),
    getDirectoryRun: (runId) => call<SyncRunView>('GET', `/directory/runs/${encodeURIComponent(runId)}`),
    async waitForDirectoryRun(runId, onProgress: (counts: SyncCounts) => void, signal?: AbortSignal) {
      for (;;) {
        signal?.throwIfAborted();
        const run = await call<SyncRunView>('GET', `/directory/runs/${encodeURIComponent(runId)}`);
        if (run.status !== 'running') return run;
        onProgress(run);
        await pause(POLL_MS, signal);
      }
    },
    previewUserImport: ({ bytes, domain }) =>
      call<ImportPreview>('POST', '/directory/import', { csv: bytes, query: new URLSearchParams(domain === undefined ? {} : { domain }), whatIf: true }),
    startUserImport: ({ bytes, domain }) =>
      call<{ runId: string }>('POST', '/directory/import', {
        csv: bytes,
        query: new URLSearchParams(domain === undefined ? {} : { domain }),
        mayHaveChanged: runMayHaveStarted,
      }),

    getRoleAssignments: ({ identity }) => call<CsRoleAssignment[]>('GET', '/roles', { query: new URLSearchParams(identity === undefined ? {} : { identity }) }),
    grantRole: ({ identity, role, whatIf }) =>
      call<CsRoleChange | WhatIfResult>('POST', '/roles/grant', { body: { identity, role }, whatIf, mayHaveChanged: roleMayHaveChanged }),
    revokeRole: ({ identity, role, whatIf }) =>
      call<CsRoleChange | WhatIfResult>('POST', '/roles/revoke', { body: { identity, role }, whatIf, mayHaveChanged: roleMayHaveChanged }),
    // A break-glass account is made on the server itself: its password never travels over the API.
    newLocalAccount: null,
  };
}
