/**
 * The local OpenID Provider the OIDC sign-in tests use (tests/support/oidc-provider.ts), driven by
 * a real relying party (oauth4webapi, as Auth.js drives it): discovery, the code flow with PKCE,
 * state and nonce through its own login form, the claims in the ID token, each tamper mode refused
 * once and only once, the control endpoint, and the CLI entry for Playwright. No database.
 */
import { spawn } from 'node:child_process';
import * as o from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_PASSWORD, oidcAccounts } from '../../e2e/fixtures/oidc-accounts';
import { startOidcProvider, TAMPER_MODES, WRONG_CREDENTIALS, type OidcTestProvider, type TamperMode } from '../support/oidc-provider';
import {
  authorizationRequest,
  checkSignature,
  discover,
  exchangeCode,
  logIn,
  newBrowser,
  openLogin,
  postForm,
  processTokenResponse,
  signIn,
  type RelyingParty,
} from './oidc-flow';
import { captureOutput, waitUntil } from './process-tree';

const redirectUri = 'http://127.0.0.1:3210/api/auth/callback/oidc';
const rp: RelyingParty = { clientId: OIDC_CLIENT_ID, clientSecret: OIDC_CLIENT_SECRET, redirectUri };
const postRp: RelyingParty = { clientId: 'pindesk-post', clientSecret: 'post-client-secret-0123456789', redirectUri, post: true };

let provider: OidcTestProvider;
let as: o.AuthorizationServer;

beforeAll(async () => {
  provider = await startOidcProvider({
    port: 0,
    clients: [
      { clientId: rp.clientId, clientSecret: rp.clientSecret, redirectUris: [redirectUri] },
      { clientId: postRp.clientId, clientSecret: postRp.clientSecret, redirectUris: [redirectUri], tokenEndpointAuthMethod: 'client_secret_post' },
    ],
    accounts: oidcAccounts,
  });
  as = await discover(provider.issuer);
});

afterAll(async () => {
  await provider?.stop();
});

describe('the OIDC test provider', () => {
  it('is discovered at its loopback issuer and offers the groups scope and claims', () => {
    expect(provider.issuer).toBe(`http://127.0.0.1:${provider.port}`);
    expect(as.issuer).toBe(provider.issuer);
    expect(as.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'groups']));
    expect(as.claims_supported).toEqual(expect.arrayContaining(['name', 'email', 'preferred_username', 'groups', 'roles']));
    expect(as.code_challenge_methods_supported).toContain('S256');
  });

  it('shows its own login form, and a wrong password shows it again with the message', async () => {
    const browser = newBrowser();
    const request = await authorizationRequest(as, rp);
    const interaction = await openLogin(browser, request);
    expect(interaction.pathname).toMatch(/^\/interaction\//);
    const page = await browser(interaction);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<label for="username">Username</label>');
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toMatch(/<button type="submit">Sign in<\/button>/);
    expect(html).not.toMatch(/<(script|link|img)\b/);
    expect(html).not.toContain(WRONG_CREDENTIALS);

    const wrong = await postForm(browser, interaction, { username: 'david', password: 'not-it' });
    expect(wrong.status).toBe(200);
    const again = await wrong.text();
    expect(again).toContain(WRONG_CREDENTIALS);
    expect(again).toContain('value="david"');
    const unknown = await postForm(browser, interaction, { username: 'nobody', password: OIDC_PASSWORD });
    expect(await unknown.text()).toContain(WRONG_CREDENTIALS);

    // The same interaction still completes with the right password.
    const callback = await logIn(browser, interaction, 'david', OIDC_PASSWORD);
    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
    const tokens = await processTokenResponse(as, rp, request, await exchangeCode(as, rp, request, callback));
    expect(o.getValidatedIdTokenClaims(tokens)?.sub).toBe('oidc-david');
  });

  it('puts the profile, email and groups in the ID token, signed with the keys it publishes', async () => {
    const claims = await signIn(as, rp, 'david', OIDC_PASSWORD);
    expect(claims).toMatchObject({
      iss: provider.issuer,
      aud: OIDC_CLIENT_ID,
      sub: 'oidc-david',
      name: 'David Smith',
      email: 'davidsmith@litwareinc.com',
      preferred_username: 'davidsmith@litwareinc.com',
      groups: ['CSHelpDesk'],
    });
    expect(claims).not.toHaveProperty('roles');
  });

  it('sends roles when the account has them, an empty groups list, and no email when there is none', async () => {
    const claims = await signIn(as, rp, 'amy', OIDC_PASSWORD);
    expect(claims).toMatchObject({ sub: 'oidc-amy', preferred_username: 'amysmith@litwareinc.com', groups: [], roles: ['CSViewOnlyAdministrator'] });
    expect(claims).not.toHaveProperty('email');
  });

  it('authenticates a client_secret_post client too', async () => {
    const claims = await signIn(as, postRp, 'stranger', OIDC_PASSWORD);
    expect(claims).toMatchObject({ sub: 'oidc-stranger', preferred_username: 'stranger@contoso.com', groups: ['CSAdministrator'] });
  });
});

/** One sign-in up to the raw token response. */
async function tokenResponse(username = 'david') {
  const browser = newBrowser();
  const request = await authorizationRequest(as, rp);
  const callback = await logIn(browser, await openLogin(browser, request), username, OIDC_PASSWORD);
  return { request, response: await exchangeCode(as, rp, request, callback) };
}

const claimChecks: [TamperMode, string][] = [
  ['wrong-issuer', o.JWT_CLAIM_COMPARISON],
  ['wrong-audience', o.JWT_CLAIM_COMPARISON],
  ['expired', o.JWT_TIMESTAMP_CHECK],
];

describe('setTamper', () => {
  it.each(claimChecks)('%s: the ID token check fails, and the next exchange is untampered', async (mode, code) => {
    provider.setTamper(mode);
    const { request, response } = await tokenResponse();
    await expect(processTokenResponse(as, rp, request, response)).rejects.toMatchObject({ code });
    expect((await signIn(as, rp, 'david', OIDC_PASSWORD)).sub).toBe('oidc-david');
  });

  it('bad-signature: only a signature check sees it (Auth.js does not make one), and it resets too', async () => {
    provider.setTamper('bad-signature');
    const { request, response } = await tokenResponse();
    const tokens = await processTokenResponse(as, rp, request, response);
    expect(o.getValidatedIdTokenClaims(tokens)?.sub).toBe('oidc-david');
    await expect(checkSignature(as, response)).rejects.toThrow(/signature/i);
    expect((await signIn(as, rp, 'david', OIDC_PASSWORD)).sub).toBe('oidc-david');
  });

  it('null clears a mode before it is used, and an unknown mode is refused', async () => {
    provider.setTamper('wrong-issuer');
    provider.setTamper(null);
    expect((await signIn(as, rp, 'amy', OIDC_PASSWORD)).iss).toBe(provider.issuer);
    expect(() => provider.setTamper('nonsense' as TamperMode)).toThrow(TypeError);
    expect(TAMPER_MODES).toHaveLength(4);
  });

  it('POST /__test/tamper only exists when asked for', async () => {
    const response = await fetch(new URL('/__test/tamper', provider.issuer), { method: 'POST', body: '{"mode":"expired"}' });
    expect(response.status).toBe(404);
    expect((await signIn(as, rp, 'david', OIDC_PASSWORD)).sub).toBe('oidc-david');
  });
});

describe('the CLI entry (Playwright webServer)', () => {
  it('prints its issuer, takes tamper modes over HTTP, and stops cleanly on SIGTERM', async () => {
    // node --import tsx, not npx tsx: the signal then reaches the provider's own process.
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/oidc-provider-main.ts'], {
      env: { ...process.env, OIDC_TEST_PORT: '0', OIDC_TEST_REDIRECT_URI: redirectUri },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = captureOutput(child);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const announced = /^OIDC test provider on (http:\/\/127\.0\.0\.1:\d+)$/m;
    try {
      await waitUntil('the provider to announce its issuer', () => announced.test(output()), 30_000);
      const issuer = announced.exec(output())![1];
      const cliAs = await discover(issuer);
      const control = new URL('/__test/tamper', issuer);
      const post = (body: string) => fetch(control, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect((await post('{"mode":"nonsense"}')).status).toBe(400);
      expect((await post('not json')).status).toBe(400);
      expect((await post('{"mode":"wrong-audience"}')).status).toBe(204);

      const browser = newBrowser();
      const request = await authorizationRequest(cliAs, rp);
      const callback = await logIn(browser, await openLogin(browser, request), 'amy', OIDC_PASSWORD);
      const response = await exchangeCode(cliAs, rp, request, callback);
      await expect(processTokenResponse(cliAs, rp, request, response)).rejects.toMatchObject({ code: o.JWT_CLAIM_COMPARISON });

      expect((await post('{"mode":"expired"}')).status).toBe(204);
      expect((await post('{"mode":null}')).status).toBe(204);
      expect((await signIn(cliAs, rp, 'amy', OIDC_PASSWORD)).sub).toBe('oidc-amy');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
