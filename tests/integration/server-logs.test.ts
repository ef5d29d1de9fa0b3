/**
 * The production server's log, on this run's engine: every stdout line is one JSON object
 * (pino) or an audit checkpoint (also JSON); each request has one line whose request id the
 * response's X-Request-Id repeats; and after a PIN is set over the REST API, an administrator
 * signs in and a bridge logs on — at LOG_LEVEL=debug — none of the PIN, password, API token,
 * bridge key, session cookie or the server's secrets appears anywhere in its output.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../lib/db/api-tokens';
import { createBridge } from '../../lib/db/bridges';
import { newLocalAccount } from '../../lib/roles/roles-service';
import { freePort, startProductionServer, type ProductionServer } from '../../scripts/production-server';
import { admin, createUser, handle } from './helpers';
import { BUILD_TIMEOUT_MS, ensureProductionBuild } from './production-build';

const PASSWORD = `Log-Test-Passw0rd-${randomBytes(6).toString('hex')}`;
const PIN = '58204619';
const BRIDGE_KEY = `logs-${randomBytes(16).toString('hex')}`;
let server: ProductionServer;
let apiToken: string;
let adminEmail: string;
let sipAddress: string;
const seenSecrets: string[] = [];

beforeAll(async () => {
  ensureProductionBuild();
  adminEmail = `logs-admin-${randomUUID().slice(0, 8)}@litwareinc.com`;
  const account = await newLocalAccount({ handle }, { email: adminEmail, password: PASSWORD, role: 'CsAdministrator' }, { actor: admin });
  apiToken = (await createApiToken(handle, { ownerId: account.userId, name: 'logs test', expiresAt: null }, { actor: admin })).secret;
  await createBridge(
    handle,
    { name: `logs-bridge-${randomUUID().slice(0, 6)}`, allowedSources: [], ratePerMinute: 100_000, key: BRIDGE_KEY },
    { actor: admin },
  );
  sipAddress = (await createUser()).sipAddress;
  server = await startProductionServer(await freePort(), { LOG_LEVEL: 'debug' });
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await server?.stop();
});

describe('the server log', () => {
  it('holds no secret after a PIN is set, an administrator signs in and a bridge logs on', async () => {
    const set = await fetch(`${server.url}/api/v1/pins/set`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${apiToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ identity: sipAddress, pin: PIN }),
    });
    expect(set.status).toBe(200);

    const csrf = await fetch(`${server.url}/api/auth/csrf`);
    const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const signIn = await fetch(`${server.url}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: csrfCookie.join('; '), Origin: server.url },
      body: new URLSearchParams({ csrfToken, email: adminEmail, password: PASSWORD, callbackUrl: '/' }),
    });
    const session = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .find((c) => c.includes('session-token'));
    expect(session).toBeTruthy();
    expect((await fetch(`${server.url}/users`, { headers: { Cookie: session! } })).status).toBe(200);

    const logon = await fetch(`${server.url}/api/v1/pin-logon`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${BRIDGE_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ identity: sipAddress, pin: PIN }),
    });
    expect(await logon.json()).toMatchObject({ result: 'accepted' });

    // Let the last request lines reach the output.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const output = server.output();
    seenSecrets.push(PIN, PASSWORD, apiToken, BRIDGE_KEY, session!.split('=').slice(1).join('='), csrfToken);
    for (const name of ['AUTH_SECRET', 'PIN_PEPPER', 'AUDIT_CHAIN_KEY']) if (process.env[name]) seenSecrets.push(process.env[name]!);
    for (const secret of seenSecrets) expect(output, `the log holds a secret (${secret.slice(0, 4)}…)`).not.toContain(secret);
  });

  it('writes one JSON object per line, and one line per request whose id the response carries', async () => {
    const response = await fetch(`${server.url}/api/health`, { headers: { 'X-Request-Id': 'probe-42' } });
    expect(response.headers.get('x-request-id')).toBe('probe-42');
    const generated = (await fetch(`${server.url}/api/ready`)).headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '');
    const notJson = lines.filter((line) => {
      try {
        return typeof JSON.parse(line) !== 'object';
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.length).toBeGreaterThan(5);
    const probe = records.filter((record) => record.reqId === 'probe-42');
    expect(probe).toHaveLength(1);
    expect(probe[0]).toMatchObject({ msg: 'request', method: 'GET', path: '/api/health', status: 200, service: 'pindesk' });
    expect(records.filter((record) => record.reqId === generated)).toHaveLength(1);
  });
});
