/**
 * README "Put PinDesk into service", followed step by step with real processes on an empty
 * production database of this run's engine: secrets from `openssl rand -base64 32`,
 * `npm run db:migrate`, the break-glass administrator with `npx pindesk New-PinDeskLocalAccount`
 * (the password on standard input, never an argument), `npm start`, and a sign-in through
 * Auth.js's own endpoints that reaches the Administrators page. No demo user appears.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../lib/config/project-root';
import { databaseTarget } from '../../lib/db/database-url';
import { freePort } from '../../scripts/production-server';
import { freshPostgresDatabase } from '../../scripts/test-databases';
import { BUILD_TIMEOUT_MS, ensureProductionBuild } from './production-build';
import { captureOutput, startedProcesses, waitUntil } from './process-tree';

const ADMIN = 'breakglass@litwareinc.com';
const PASSWORD = 'Break-Glass-Passw0rd-2026';
const root = projectRoot();
const seen = startedProcesses();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pindesk-service-'));
let env: NodeJS.ProcessEnv;
let origin: string;

const secret = () => execFileSync('openssl', ['rand', '-base64', '32'], { encoding: 'utf8' }).trim();

/** A cookie jar of name=value pairs from Set-Cookie headers. */
function keepCookies(jar: Map<string, string>, response: Response) {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const at = pair.indexOf('=');
    jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

beforeAll(async () => {
  ensureProductionBuild();
  // Step 1 and 2: secrets, production, an empty database of this run's engine.
  const databaseUrl = databaseTarget().provider === 'postgresql' ? await freshPostgresDatabase('pindesk_service') : `file:${path.join(scratch, 'pindesk.db')}`;
  env = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: secret(),
    PIN_PEPPER: secret(),
    AUDIT_CHAIN_KEY: secret(),
    DIRECTORY_SECRET_KEY: secret(),
    PINDESK_SEED_DEMO: undefined,
    SEED_PASSWORD: undefined,
    PINDESK_URL: undefined,
    PINDESK_TOKEN: undefined,
  };
}, BUILD_TIMEOUT_MS);

afterAll(() => {
  seen.killLeftovers();
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('Put PinDesk into service (README)', () => {
  it('2. npm run db:migrate creates the database', () => {
    const result = spawnSync('npm', ['run', 'db:migrate'], { cwd: root, env, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
  });

  it('3. npx pindesk New-PinDeskLocalAccount makes the break-glass CsAdministrator from a password on stdin', () => {
    const result = spawnSync('npx', ['pindesk', 'New-PinDeskLocalAccount', '-Email', ADMIN, '-Role', 'CsAdministrator'], {
      cwd: root,
      env,
      input: `${PASSWORD}\n`,
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(ADMIN);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  it('4. npm start serves it, and the administrator signs in and reaches the Administrators page', async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    const npm = spawn('npm', ['start'], { cwd: root, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    seen.add(npm.pid!);
    const output = captureOutput(npm);
    await waitUntil(
      `npm start to listen on ${port}`,
      () => {
        if (npm.exitCode !== null) throw new Error(`npm start exited (${npm.exitCode}):\n${output()}`);
        return output().includes(`PinDesk is listening on http://localhost:${port}`);
      },
      90_000,
    );
    expect(output()).not.toContain(PASSWORD);

    // Auth.js's credentials sign-in, as the sign-in form's action makes it.
    const jar = new Map<string, string>();
    const csrf = await fetch(`${origin}/api/auth/csrf`);
    keepCookies(jar, csrf);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const signIn = await fetch(`${origin}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookieHeader(jar), Origin: origin },
      body: new URLSearchParams({ csrfToken, email: ADMIN, password: PASSWORD, callbackUrl: '/' }),
    });
    keepCookies(jar, signIn);
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get('location')).not.toContain('error');
    expect([...jar.keys()].some((name) => name.endsWith('authjs.session-token'))).toBe(true);

    const page = await fetch(`${origin}/administrators`, { headers: { Cookie: cookieHeader(jar) }, redirect: 'manual' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(ADMIN);
    expect(html).toContain('CsAdministrator');
    // Nobody else: the demo directory was not seeded.
    expect(html).not.toContain('litwareinc.com/IT');
    expect(html).not.toContain('admin@litwareinc.com');
  });
});
