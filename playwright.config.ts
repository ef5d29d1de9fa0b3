import { defineConfig } from '@playwright/test';
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_PORT, OIDC_PROVIDER_NAME } from './e2e/fixtures/oidc-accounts';

/**
 * e2e against the production build, started by `npm start` (which migrates and seeds the
 * database named by DATABASE_URL). scripts/test-e2e.ts runs this once per engine with a
 * fresh database. Playwright cannot download browsers here: Debian's Chromium is used.
 */
const port = Number(process.env.E2E_PORT ?? 3210);
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The local OpenID Provider the sign-in specs use (tests/support/oidc-provider.ts). */
const oidcPort = OIDC_PORT;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // Specs change shared demo data (Ken Myer's PIN, locks); one worker keeps them independent.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'off',
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: [
    {
      command: `node --import tsx tests/support/oidc-provider-main.ts`,
      url: `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: { OIDC_TEST_PORT: String(oidcPort), OIDC_TEST_REDIRECT_URI: `http://127.0.0.1:${port}/api/auth/callback/oidc` },
    },
    {
      command: 'npx tsx scripts/start.ts',
      url: `http://127.0.0.1:${port}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        PORT: String(port),
        AUTH_OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
        AUTH_OIDC_CLIENT_ID: OIDC_CLIENT_ID,
        AUTH_OIDC_CLIENT_SECRET: OIDC_CLIENT_SECRET,
        AUTH_OIDC_NAME: OIDC_PROVIDER_NAME,
        AUTH_OIDC_ROLES_CLAIM: 'groups',
        AUTH_OIDC_SCOPE: 'openid profile email groups',
      },
    },
  ],
});
