/**
 * /metrics, /api/ready and /api/health on the real production server (server.ts), on this
 * run's engine: the metrics need METRICS_TOKEN, count the bridge logons, the sign-ins and the
 * database work this test causes, and pass `promtool check metrics`; readiness is 503 with the
 * reason for a database that is unmigrated or unreachable, while liveness stays 200.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBridge } from '../../lib/db/bridges';
import { setPin } from '../../lib/pin';
import { createArgon2Hasher } from '../../lib/pin/hasher';
import { freePort, startProductionServer, type ProductionServer } from '../../scripts/production-server';
import { admin, createUser, handle, pepper, store, target } from './helpers';
import { BUILD_TIMEOUT_MS, ensureProductionBuild } from './production-build';

const TOKEN = randomBytes(24).toString('hex');
const BRIDGE_KEY = `metrics-${randomBytes(16).toString('hex')}`;
const BRIDGE = `metrics-bridge-${randomUUID().slice(0, 8)}`;
const PIN = '730914';
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pindesk-ready-'));
const servers: ProductionServer[] = [];
let server: ProductionServer;
let identity: string;

const scrape = (headers: Record<string, string> = {}) => fetch(`${server.url}/metrics`, { headers });
const logon = (pin: string) =>
  fetch(`${server.url}/api/v1/pin-logon`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${BRIDGE_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ identity, pin }),
  }).then((r) => r.json());

/** The value of one sample line, e.g. `pindesk_pin_logons_total{outcome="accepted",bridge="b"}`. */
function sample(text: string, name: string, labels: Record<string, string>): number | null {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = /\{(.*)\}/.exec(line)?.[1] ?? '';
    if (wanted.every((pair) => labelText.split(',').includes(pair))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return null;
}

beforeAll(async () => {
  ensureProductionBuild();
  await createBridge(handle, { name: BRIDGE, allowedSources: [], ratePerMinute: 100_000, key: BRIDGE_KEY }, { actor: admin });
  const user = await createUser();
  identity = user.sipAddress;
  await setPin({ store, hasher: createArgon2Hasher(pepper), clock: { now: () => Date.now() } }, { user: { userId: user.id }, pin: PIN, actor: admin });
  server = await startProductionServer(await freePort(), { METRICS_TOKEN: TOKEN });
  servers.push(server);
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  for (const s of servers) await s.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('/metrics', () => {
  it('needs the token: none or a wrong one is 401, and says how to authenticate', async () => {
    const none = await scrape();
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect((await scrape({ Authorization: `Bearer ${TOKEN.replace(/.$/, '0')}x` })).status).toBe(401);
  });

  it('counts PIN logons by outcome and bridge, sign-ins by outcome, database work, and the process', async () => {
    expect(await logon(PIN)).toMatchObject({ result: 'accepted' });
    expect(await logon('000000')).toEqual({ result: 'rejected' });
    // A failed sign-in through Auth.js's own endpoint.
    const csrf = await fetch(`${server.url}/api/auth/csrf`);
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    await fetch(`${server.url}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, Origin: server.url },
      body: new URLSearchParams({ csrfToken, email: 'nobody-here@litwareinc.com', password: 'Not-a-passw0rd' }),
    });

    const response = await scrape({ Authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(sample(text, 'pindesk_pin_logons_total', { outcome: 'accepted', bridge: BRIDGE })).toBe(1);
    expect(sample(text, 'pindesk_pin_logons_total', { outcome: 'wrong_pin', bridge: BRIDGE })).toBe(1);
    expect(sample(text, 'pindesk_pin_logon_duration_seconds_count', { outcome: 'accepted' })).toBe(1);
    expect(sample(text, 'pindesk_sign_ins_total', { outcome: 'failure', method: 'password', reason: 'unknown_account' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'pindesk_db_operation_duration_seconds_count', { via: 'sql', outcome: 'ok' })).toBeGreaterThan(0);
    expect(sample(text, 'pindesk_bulk_jobs_running', {})).toBe(0);
    expect(sample(text, 'pindesk_metrics_db_up', {})).toBe(1);
    expect(sample(text, 'pindesk_process_resident_memory_bytes', {})).toBeGreaterThan(0);
    if (target.provider === 'postgresql') expect(sample(text, 'pindesk_db_pool_connections', { state: 'max' })).toBeGreaterThan(0);
    // Nothing secret in it.
    for (const secret of [PIN, BRIDGE_KEY, TOKEN, 'Not-a-passw0rd']) expect(text).not.toContain(secret);
  });

  it('passes promtool check metrics', async () => {
    const text = await (await scrape({ Authorization: `Bearer ${TOKEN}` })).text();
    const promtool = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    if (promtool.error) throw new Error('promtool is not installed: apt-get install -y --no-install-recommends prometheus (.ci/run does).');
    // prom-client's own process gauges are named *_total, which promtool's lint flags (status 3,
    // "lint problems", not a parse error). Anything else it says fails the test.
    const upstream = /^pindesk_nodejs_active_(handles|requests|resources)_total non-counter metrics should not have "_total" suffix$/;
    const problems = `${promtool.stdout}${promtool.stderr}`
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !upstream.test(line));
    expect(problems).toEqual([]);
    expect([0, 3]).toContain(promtool.status);
  });
});

describe('/api/ready and /api/health', () => {
  it('is ready on a migrated database; liveness says the database is up', async () => {
    const ready = await fetch(`${server.url}/api/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: { status: 'up' }, migrations: { unknown: [] } });
    expect(await (await fetch(`${server.url}/api/health`)).json()).toMatchObject({ status: 'ok', database: { status: 'up' } });
  });

  it('is not ready, saying why, on an unmigrated database and on one that does not answer; liveness stays 200', async () => {
    const unmigrated = `file:${path.join(scratch, 'empty.db')}`;
    // Not a database at all: every statement fails.
    const garbage = path.join(scratch, 'garbage.db');
    fs.writeFileSync(garbage, randomBytes(8192));
    const missing = `file:${garbage}`;
    for (const [databaseUrl, reason] of [
      [unmigrated, /migrations are not applied yet; run npm run db:migrate/],
      [missing, /The database does not answer/],
    ] as const) {
      const other = await startProductionServer(await freePort(), { DATABASE_URL: databaseUrl });
      servers.push(other);
      const ready = await fetch(`${other.url}/api/ready`);
      expect(ready.status).toBe(503);
      expect((await ready.json()).reason).toMatch(reason);
      expect((await fetch(`${other.url}/api/health`)).status).toBe(200);
      await other.stop();
    }
  });
});
