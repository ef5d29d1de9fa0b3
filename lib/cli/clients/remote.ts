/**
 * Remote mode (PINDESK_URL + PINDESK_TOKEN): the PinDeskClient operations over the REST API,
 * like remote PowerShell. The server runs the same scripting service as local mode; a
 * refusal comes back as its message (401 token, 403 role, 404 identity, 409/422 domain).
 */
import type { CsClientPinInfo, CsPinPolicy, CsPinSetResult, CsUser, WhatIfResult } from '../../scripting/objects';
import type { PinDeskClient } from '../../scripting/service';
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

export function createRemoteClient(baseUrl: string, token: string, fetchImpl: typeof fetch = fetch): PinDeskClient {
  const root = baseUrl.replace(/\/+$/, '');
  async function call<T>(method: string, path: string, options: { query?: URLSearchParams; body?: unknown; whatIf?: boolean } = {}): Promise<T> {
    const query = new URLSearchParams(options.query);
    if (options.whatIf) query.set('whatIf', 'true');
    const url = `${root}/api/v1${path}${query.size ? `?${query}` : ''}`;
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method,
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch (error) {
      throw new RemoteError(`cannot reach ${root} (${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : 'network error'}); check PINDESK_URL.`, 0, 'NETWORK');
    }
    const text = await response.text();
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
    if (json === null) throw new RemoteError(`the server's answer to ${method} ${path} is not JSON; is PINDESK_URL a PinDesk server?`, response.status, undefined);
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
    setPin: ({ identity, pin, whatIf }) => call<CsPinSetResult | WhatIfResult>('POST', '/pins/set', { body: { identity, ...(pin === undefined ? {} : { pin }) }, whatIf }),
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
  };
}
