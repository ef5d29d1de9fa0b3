/**
 * The PIN logon's source address over a real socket (server.ts's path, lib/api/pin-logon-node.ts):
 * a forged X-Forwarded-For (or PinDesk's private address header) is ignored unless the socket's
 * peer is a proxy TRUSTED_PROXIES names, and then the rightmost untrusted hop is the client —
 * for the bridge's source allowlist and for the audit trail alike.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servePinLogon } from '../../lib/api/pin-logon-node';
import { createBridge } from '../../lib/db/bridges';
import { parseTrustedProxies } from '../../lib/http/trusted-proxies';
import { setPin } from '../../lib/pin';
import { admin, countingHasher, createUser, db, handle, manualClock, store } from './helpers';

const deps = { store, hasher: countingHasher(), clock: manualClock() };
const servers: http.Server[] = [];
let direct = '';
let behindLoopbackProxy = '';

async function listen(trustedProxies: string | undefined): Promise<string> {
  const trust = trustedProxies === undefined ? undefined : parseTrustedProxies(trustedProxies);
  const server = http.createServer((request, response) => void servePinLogon(request, response, { handle, deps }, trust));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/pin-logon`;
}

async function bridgeKey(allowedSources: string[]) {
  const { key } = await createBridge(handle, { name: `source-${Date.now()}-${Math.random()}`, allowedSources, ratePerMinute: 100_000 }, { actor: admin });
  return key;
}

async function logon(url: string, key: string, identity: string, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: JSON.stringify({ identity, pin: '24680' }),
  });
}

beforeAll(async () => {
  // No TRUSTED_PROXIES in this process's environment: the default is what server.ts uses then.
  expect(process.env.TRUSTED_PROXIES ?? '').toBe('');
  direct = await listen(undefined);
  behindLoopbackProxy = await listen('127.0.0.1');
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

describe('PIN logon source address', () => {
  it('by default, a forged X-Forwarded-For does not get past the bridge allowlist', async () => {
    const key = await bridgeKey(['203.0.113.7']);
    const forged = await logon(direct, key, '100', { 'x-forwarded-for': '203.0.113.7' });
    expect(forged.status).toBe(403);
    const privateHeader = await logon(direct, key, '100', { 'x-pindesk-client-address': '203.0.113.7' });
    expect(privateHeader.status).toBe(403);
  });

  it('behind a trusted proxy, the rightmost untrusted X-Forwarded-For hop is the client', async () => {
    const key = await bridgeKey(['203.0.113.7']);
    // The leftmost entry is whatever the caller claimed; the proxy appended the real peer.
    expect((await logon(behindLoopbackProxy, key, '100', { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' })).status).toBe(200);
    expect((await logon(behindLoopbackProxy, key, '100', { 'x-forwarded-for': '203.0.113.7, 198.51.100.1' })).status).toBe(403);
    // The proxy itself (no X-Forwarded-For) is not on the list.
    expect((await logon(behindLoopbackProxy, key, '100')).status).toBe(403);
  });

  it('the audit trail records the derived address, not the forged one', async () => {
    const key = await bridgeKey([]);
    const user = await createUser();
    await setPin(deps, { user: { userId: user.id }, pin: '97153', actor: admin });
    const extension = (await db.directoryUser.findUniqueOrThrow({ where: { id: user.id }, select: { extension: true } })).extension!;

    expect((await logon(direct, key, extension, { 'x-forwarded-for': '203.0.113.66', 'x-pindesk-client-address': '203.0.113.67' })).status).toBe(200);
    expect((await logon(behindLoopbackProxy, key, extension, { 'x-forwarded-for': '198.51.100.1, 203.0.113.68' })).status).toBe(200);
    const events = await db.auditEvent.findMany({
      where: { targetId: user.id, action: { startsWith: 'pin.logon' } },
      orderBy: { id: 'asc' },
      select: { sourceAddress: true },
    });
    expect(events.map((e) => e.sourceAddress)).toEqual(['127.0.0.1', '203.0.113.68']);
  });
});
