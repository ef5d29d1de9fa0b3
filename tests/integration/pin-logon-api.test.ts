/**
 * POST /api/v1/pin-logon on the real store, with an injected clock: every response code of
 * the contract, lockout and its end, the system lock. Twice: through the web Request →
 * Response handler (the Next.js route) and through Node's own request on a real HTTP server
 * (server.ts's path, as `npm start` serves it).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlePinLogon } from '../../lib/api/pin-logon-handler';
import { servePinLogon } from '../../lib/api/pin-logon-node';
import { createBridge, revokeBridge } from '../../lib/db/bridges';
import { grantPinPolicy, newPinPolicy, setPin, unlockPin } from '../../lib/pin';
import { admin, countingHasher, createUser, db, handle, manualClock, store } from './helpers';

const clock = manualClock();
const deps = { store, hasher: countingHasher(), clock };
let key = '';
let revokedKey = '';

type CallOptions = { key?: string | null; raw?: string; contentType?: string; streamed?: boolean };
type Call = (body: unknown, options?: CallOptions) => Promise<Response>;

/** The request as a bridge would send it; `streamed`: in chunks, with no Content-Length. */
function requestInit(body: unknown, options: CallOptions): RequestInit {
  const token = options.key === undefined ? key : options.key;
  const text = options.raw ?? JSON.stringify(body);
  const payload = options.streamed
    ? new ReadableStream<Uint8Array>({
        start(controller) {
          const bytes = new TextEncoder().encode(text);
          for (let i = 0; i < bytes.length; i += 1024) controller.enqueue(bytes.slice(i, i + 1024));
          controller.close();
        },
      })
    : text;
  return {
    method: 'POST',
    headers: { 'content-type': options.contentType ?? 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: payload,
    ...(options.streamed ? { duplex: 'half' } : {}),
  } as RequestInit;
}

const viaWebRequest: Call = (body, options = {}) =>
  handlePinLogon(new Request('http://pindesk.test/api/v1/pin-logon', requestInit(body, options)), { handle, deps });

let nodeServer: http.Server;
const viaNodeServer: Call = (body, options = {}) => {
  const { port } = nodeServer.address() as AddressInfo;
  return fetch(`http://127.0.0.1:${port}/api/v1/pin-logon`, requestInit(body, options));
};

async function userWithPin(
  pin: string,
  policy?: { maximumLogonAttempts?: number; pinLifetime?: number; pinHistoryCount?: number; minPasswordLength?: number },
) {
  const user = await createUser();
  if (policy) {
    const name = `Api${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    await newPinPolicy(deps, { identity: name, settings: policy, actor: admin });
    await grantPinPolicy(deps, { users: [{ userId: user.id }], policy: name, actor: admin });
  }
  await setPin(deps, { user: { userId: user.id }, pin, actor: admin });
  return user;
}

beforeAll(async () => {
  nodeServer = http.createServer((request, response) => void servePinLogon(request, response, { handle, deps }));
  await new Promise<void>((resolve) => nodeServer.listen(0, '127.0.0.1', resolve));
  key = (await createBridge(handle, { name: `bridge-${Date.now()}`, allowedSources: [], ratePerMinute: 100_000 }, { actor: admin })).key;
  const revoked = await createBridge(handle, { name: `revoked-${Date.now()}`, allowedSources: [], ratePerMinute: 100 }, { actor: admin });
  await revokeBridge(handle, revoked.bridge.id, { actor: admin });
  revokedKey = revoked.key;
});

afterAll(() => new Promise<void>((resolve) => nodeServer.close(() => resolve())));

describe.each([
  ['a web Request (the Next.js route)', viaWebRequest],
  ["Node's own request (server.ts)", viaNodeServer],
])('POST /api/v1/pin-logon through %s', (_, call) => {
  it('answers 200 accepted with the user, 200 rejected with nothing else', async () => {
    const user = await userWithPin('97153');
    const ok = await call({ identity: user.extension, pin: '97153' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ result: 'accepted', user: { sipAddress: user.sipAddress, displayName: user.displayName } });
    const bodies = await Promise.all(
      [
        { identity: user.extension, pin: '11111' }, // wrong PIN
        { identity: '999999999', pin: '97153' }, // unknown identity
        { identity: (await createUser()).extension, pin: '97153' }, // PIN never set
      ].map(async (b) => {
        const r = await call(b);
        expect(r.status).toBe(200);
        return r.text();
      }),
    );
    expect(new Set(bodies)).toEqual(new Set(['{"result":"rejected"}']));
  });

  it('401 for a missing, unknown or revoked key', async () => {
    for (const token of [null, 'pdk_this-key-does-not-exist-anywhere', revokedKey]) {
      const r = await call({ identity: '100', pin: '12345' }, { key: token });
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/Bearer/);
    }
  });

  it('400 for malformed input, which is not counted and stores nothing', async () => {
    const user = await userWithPin('97153');
    const auditBefore = await db.auditEvent.count();
    const cases: [unknown, CallOptions][] = [
      [{ identity: user.extension, pin: '12a45' }, {}],
      [{ identity: user.extension, pin: '1'.repeat(25) }, {}],
      [{ identity: user.extension }, {}],
      [{ pin: '12345' }, {}],
      [null, { raw: '{not json' }],
      [null, { raw: JSON.stringify({ identity: user.extension, pin: '12345', pad: 'x'.repeat(5000) }) }],
      [null, { raw: JSON.stringify({ identity: user.extension, pin: '12345', pad: 'x'.repeat(5000) }), streamed: true }],
      [null, { raw: 'identity=1&pin=2', contentType: 'application/x-www-form-urlencoded' }],
    ];
    for (const [body, options] of cases) {
      const r = await call(body, options);
      expect(r.status).toBe(400);
      expect((await r.json()).error).toEqual(expect.any(String));
    }
    expect(await db.auditEvent.count()).toBe(auditBefore);
    expect((await store.getPinState(user.id))?.globalFailures).toBe(0);
  });

  it('429 with Retry-After when a bridge exceeds its rate', async () => {
    const limited = await createBridge(handle, { name: `limited-${Date.now()}`, allowedSources: [], ratePerMinute: 3 }, { actor: admin });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await call({ identity: '100', pin: '12345' }, { key: limited.key })).status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    const refused = await call({ identity: '100', pin: '12345' }, { key: limited.key });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('403 from an address the key is not allowed from', async () => {
    const fenced = await createBridge(handle, { name: `fenced-${Date.now()}`, allowedSources: ['10.9.8.0/24'], ratePerMinute: 100 }, { actor: admin });
    expect((await call({ identity: '100', pin: '12345' }, { key: fenced.key })).status).toBe(403);
  });

  it('locks out after the local limit, refuses even the right PIN, and lets it in after an hour', async () => {
    const user = await userWithPin('97153', { maximumLogonAttempts: 3 });
    for (let i = 0; i < 3; i++) expect(await (await call({ identity: user.extension, pin: '11111' })).json()).toEqual({ result: 'rejected' });
    expect(await (await call({ identity: user.extension, pin: '97153' })).json()).toEqual({ result: 'rejected' });
    clock.advance(60 * 60 * 1000);
    expect((await (await call({ identity: user.extension, pin: '97153' })).json()).result).toBe('accepted');
    const reasons = (await db.auditEvent.findMany({ where: { action: 'pin.logon', targetId: user.id }, orderBy: { id: 'asc' } })).map(
      (e) => JSON.parse(e.details).reason ?? 'accepted',
    );
    expect(reasons).toEqual(['wrong-pin', 'wrong-pin', 'wrong-pin', 'locked-temporary', 'accepted']);
  });

  it('reaches the global limit and stays locked until an administrator unlocks', async () => {
    // 4 digits: global limit 100; MaximumLogonAttempts 60 makes the local limit 60, so 100 failures take two windows.
    const user = await userWithPin('9715', { minPasswordLength: 4, maximumLogonAttempts: 60 });
    for (let i = 0; i < 100; i++) {
      if (i === 60) clock.advance(61 * 60 * 1000);
      await call({ identity: user.extension, pin: '4826' });
    }
    clock.advance(24 * 60 * 60 * 1000);
    expect((await (await call({ identity: user.extension, pin: '9715' })).json()).result).toBe('rejected');
    expect((await store.getPinState(user.id))?.systemLockedAt).not.toBeNull();
    await unlockPin(deps, { user: { userId: user.id }, actor: admin });
    expect((await (await call({ identity: user.extension, pin: '9715' })).json()).result).toBe('accepted');
  });

  it('audits every attempt with the bridge and the identity as given, never the PIN', async () => {
    const user = await userWithPin('86420');
    await call({ identity: `+${user.lineDigits}`, pin: '31313' });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'pin.logon', targetId: user.id }, orderBy: { id: 'desc' } });
    expect(event.actorType).toBe('bridge');
    expect(JSON.parse(event.details)).toMatchObject({ identity: `+${user.lineDigits}`, reason: 'wrong-pin' });
    const all = JSON.stringify(await db.auditEvent.findMany({ where: { targetId: user.id } }));
    expect(all).not.toContain('31313');
    expect(all).not.toContain('86420');
  });
});
