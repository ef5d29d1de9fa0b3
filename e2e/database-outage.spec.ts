/**
 * Issue 19, item 5: while the database is unavailable PinDesk says so — 503 + Retry-After to
 * bridges and scripts, a clear message on pages and forms — within a bounded time, counts
 * nothing, and recovers without a restart.
 *
 * Real processes throughout: a production server (server.ts on the e2e build, E2E_SECOND_PORT)
 * against a database of the test's own — on the PostgreSQL pass a private cluster (initdb +
 * pg_ctl, e2e/fixtures/private-postgres.ts) that the test stops, starts, freezes (SIGSTOP)
 * and thaws; on the SQLite pass a private file that another process holds the write lock on.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { getPinPepper } from '../lib/config/secrets';
import { createApiToken } from '../lib/db/api-tokens';
import { createDb, type DbHandle } from '../lib/db/client';
import { databaseTarget } from '../lib/db/database-url';
import { createPinStore } from '../lib/db/pin-store';
import { DATABASE_UNAVAILABLE_MESSAGE } from '../lib/http/database-unavailable';
import { setPin } from '../lib/pin';
import { argon2ParamsFromEnv, createArgon2Hasher } from '../lib/pin/hasher';
import { systemClock } from '../lib/pin/types';
import { freePort, startProductionServer, type ProductionServer } from '../scripts/production-server';
import { accounts, bridgeKey, password } from './fixtures/accounts';
import { startPrivatePostgres, type PrivatePostgres } from './fixtures/private-postgres';
import { expect, test } from './fixtures/test';

const onPostgres = (process.env.DATABASE_URL ?? '').startsWith('postgres');
const RIGHT_PIN = '40719386';
const WRONG_PIN = '40719387';
/**
 * Generous: the defaults answer a frozen server's logon in about 3 s (DATABASE_STATEMENT_TIMEOUT_MS
 * on a warm pool; 5 s, DATABASE_CONNECT_TIMEOUT_MS, on a cold one) and a stopped one at once.
 * Before, a frozen PostgreSQL held a bridge past 60 s, and a locked SQLite file 15 s.
 */
const ANSWER_BOUND_MS = 8_000;
const actor = { type: 'user' as const, id: 'e2e-outage', name: 'e2e outage set-up' };

type Outage = { server: ProductionServer; handle: DbHandle; userId: string; apiToken: string };

/** Migrates and seeds a database of the test's own, sets Ken Myer's PIN, starts a server on it. */
async function prepare(databaseUrl: string): Promise<Outage> {
  execFileSync('npx', ['tsx', 'prisma/seed.ts', '--users', '20'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PINDESK_SEED_DEMO: '1', SEED_PASSWORD: password, SEED_BRIDGE_KEY: bridgeKey },
    stdio: 'ignore',
    timeout: 180_000,
  });
  const handle = createDb(databaseTarget(databaseUrl));
  const deps = { store: createPinStore(handle), hasher: createArgon2Hasher(getPinPepper(), argon2ParamsFromEnv()), clock: systemClock };
  const user = await handle.db.directoryUser.findUniqueOrThrow({ where: { upn: accounts.User }, select: { id: true } });
  await setPin(deps, { user: { userId: user.id }, pin: RIGHT_PIN, actor });
  const admin = await handle.db.directoryUser.findUniqueOrThrow({ where: { upn: accounts.CsAdministrator }, select: { id: true } });
  const { secret } = await createApiToken(handle, { ownerId: admin.id, name: 'outage script', expiresAt: null }, { actor });
  const server = await startProductionServer(await freePort(), { DATABASE_URL: databaseUrl });
  return { server, handle, userId: user.id, apiToken: secret };
}

/** A bridge's logon, with how long the answer took. */
async function logon(outage: Outage, pin: string) {
  const started = performance.now();
  const response = await fetch(`${outage.server.url}/api/v1/pin-logon`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${bridgeKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ identity: accounts.User, pin }),
    signal: AbortSignal.timeout(60_000),
  });
  const body = await response.json().catch(() => null);
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body, ms: Math.round(performance.now() - started) };
}

/** Get-CsClientPinInfo over the REST API with a personal API token. */
async function pinInfo(outage: Outage) {
  const started = performance.now();
  const response = await fetch(`${outage.server.url}/api/v1/pin-info?identity=${encodeURIComponent(accounts.User)}`, {
    headers: { Authorization: `Bearer ${outage.apiToken}` },
    signal: AbortSignal.timeout(60_000),
  });
  const body = await response.json().catch(() => null);
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body, ms: Math.round(performance.now() - started) };
}

function expectUnavailable(answer: { status: number; retryAfter: string | null; ms: number }) {
  expect(answer.status).toBe(503);
  expect(Number(answer.retryAfter)).toBeGreaterThan(0);
  expect(answer.ms).toBeLessThan(ANSWER_BOUND_MS);
}

async function failuresOf(outage: Outage): Promise<number> {
  const state = await outage.handle.db.pinState.findUniqueOrThrow({ where: { userId: outage.userId }, select: { localFailures: true } });
  return state.localFailures;
}

async function signInAt(page: Page, url: string) {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Email').fill(accounts.CsAdministrator);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

function serverStillRunning(outage: Outage) {
  // Signal 0 only asks whether the process exists: the same server recovered, none was restarted.
  expect(() => process.kill(outage.server.pid, 0)).not.toThrow();
}

// Not serial: a failed test must not skip the next, which starts over on a fresh cluster and server.
test.describe('PostgreSQL stopped and frozen under a running server', () => {
  test.skip(!onPostgres, 'runs on the PostgreSQL pass, with a cluster of its own');
  let cluster: PrivatePostgres | undefined;
  let outage: Outage;

  test.beforeAll(async () => {
    test.setTimeout(300_000);
    cluster = await startPrivatePostgres();
    outage = await prepare(cluster.url);
  });

  test.afterAll(async () => {
    cluster?.thaw();
    await outage?.server.stop();
    await outage?.handle.db.$disconnect().catch(() => undefined);
    cluster?.destroy();
  });

  test('[bridge] stopped: 503 + Retry-After at once, the REST API 503, a page, a form and sign-in say the database cannot be reached; started: accepted without a restart', async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    expect(await logon(outage, RIGHT_PIN)).toMatchObject({ status: 200, body: { result: 'accepted' } });
    const admin = await browser.newContext();
    const page = await admin.newPage();
    await signInAt(page, outage.server.url);
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    // A form loaded while the database was up, submitted once it is down.
    await page.goto(`${outage.server.url}/dialin`);
    await page.getByLabel('New PIN', { exact: true }).fill('73920418');
    await page.getByLabel('Confirm new PIN').fill('73920418');

    cluster!.stop();
    const refused = await logon(outage, WRONG_PIN);
    console.log(`stopped PostgreSQL: bridge logon answered ${refused.status} in ${refused.ms} ms`);
    expectUnavailable(refused);
    expect(refused.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE', error: expect.stringMatching(/temporarily unavailable.*no PIN was checked/) });
    const rest = await pinInfo(outage);
    expectUnavailable(rest);
    expect(rest.body).toEqual({ error: DATABASE_UNAVAILABLE_MESSAGE, code: 'DATABASE_UNAVAILABLE' });

    await page.getByRole('button', { name: 'Set PIN' }).click();
    await expect(page.getByRole('alert').filter({ hasText: DATABASE_UNAVAILABLE_MESSAGE })).toBeVisible();

    const shown = await page.goto(`${outage.server.url}/users`);
    expect(shown?.status()).toBe(503);
    expect(Number(shown?.headers()['retry-after'])).toBeGreaterThan(0);
    await expect(page.getByRole('heading', { name: 'Database unavailable' })).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: DATABASE_UNAVAILABLE_MESSAGE })).toBeVisible();

    const visitor = await browser.newContext();
    const signInPage = await visitor.newPage();
    await signInAt(signInPage, outage.server.url);
    await expect(signInPage.getByRole('alert').filter({ hasText: DATABASE_UNAVAILABLE_MESSAGE })).toBeVisible();
    await visitor.close();

    cluster!.start();
    // The pool may still hold a connection to the stopped server: the first answers can be 503s.
    await expect.poll(async () => (await logon(outage, RIGHT_PIN)).status, { timeout: 30_000 }).toBe(200);
    expect(await logon(outage, RIGHT_PIN)).toMatchObject({ status: 200, body: { result: 'accepted' } });
    expect(await pinInfo(outage)).toMatchObject({ status: 200, body: { IsPinSet: true } });
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Database unavailable' })).toBeHidden();
    serverStillRunning(outage);
    // The wrong PIN sent during the outage was never judged, so never counted.
    expect(await failuresOf(outage)).toBe(0);
    await admin.close();
  });

  test('[bridge] frozen (SIGSTOP): 503 + Retry-After within the bound, not a hang; thawed (SIGCONT): accepted without a restart', async () => {
    test.setTimeout(180_000);
    // Pooled connections are open and idle now: the frozen server keeps them, answering nothing.
    expect(await logon(outage, RIGHT_PIN)).toMatchObject({ status: 200, body: { result: 'accepted' } });

    cluster!.freeze();
    const [first, second, rest] = await Promise.all([logon(outage, WRONG_PIN), logon(outage, RIGHT_PIN), pinInfo(outage)]);
    console.log(
      `frozen PostgreSQL: bridge logons answered ${first.status} in ${first.ms} ms and ${second.status} in ${second.ms} ms, REST ${rest.status} in ${rest.ms} ms`,
    );
    for (const answer of [first, second, rest]) expectUnavailable(answer);
    const later = await logon(outage, WRONG_PIN);
    console.log(`frozen PostgreSQL, a later logon: ${later.status} in ${later.ms} ms`);
    expectUnavailable(later);

    cluster!.thaw();
    expect(await logon(outage, RIGHT_PIN)).toMatchObject({ status: 200, body: { result: 'accepted' } });
    expect(await pinInfo(outage)).toMatchObject({ status: 200 });
    serverStillRunning(outage);
    expect(await failuresOf(outage)).toBe(0);
  });
});

test.describe('SQLite file locked by another process under a running server', () => {
  test.skip(onPostgres, 'runs on the SQLite pass, with a database file of its own');
  let dir: string | undefined;
  let outage: Outage | undefined;

  test.beforeAll(async () => {
    test.setTimeout(300_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pindesk-sqlite-outage-'));
    outage = await prepare(`file:${path.join(dir, 'outage.db')}`);
  });

  test.afterAll(async () => {
    await outage?.server.stop();
    await outage?.handle.db.$disconnect().catch(() => undefined);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('[bridge] write lock held elsewhere: 503 + Retry-After within the busy timeout, not a 500 after 15 s; released: accepted', async () => {
    test.setTimeout(180_000);
    expect(await logon(outage!, RIGHT_PIN)).toMatchObject({ status: 200, body: { result: 'accepted' } });

    // Another process (this one) takes the database's write lock and keeps it.
    const holder = new Database(path.join(dir!, 'outage.db'));
    try {
      holder.exec('BEGIN IMMEDIATE');
      const refused = await logon(outage!, WRONG_PIN);
      console.log(`locked SQLite: bridge logon answered ${refused.status} in ${refused.ms} ms`);
      expectUnavailable(refused);
      expect(refused.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
    }

    expect(await logon(outage!, RIGHT_PIN)).toMatchObject({ status: 200, body: { result: 'accepted' } });
    serverStillRunning(outage!);
    expect(await failuresOf(outage!)).toBe(0);
  });
});
