/**
 * A real OpenID Provider (panva's oidc-provider) on loopback for the OIDC sign-in tests: the
 * authorization code flow with PKCE, its own login form (oidc-login-page.ts), no consent step, and
 * the account's claims (name, email, preferred_username, groups, roles) in the ID token itself.
 * setTamper() spoils the next ID token so the tests can prove the client refuses it.
 */
import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import type net from 'node:net';
import { exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import Provider, { type Configuration, type JWK } from 'oidc-provider';
import { interactionUrl, loginInteraction, type OidcTestAccount } from './oidc-login-page';
import { isTamperMode, tamperIdToken, type TamperMode } from './oidc-tamper';

export type { OidcTestAccount } from './oidc-login-page';
export { WRONG_CREDENTIALS } from './oidc-login-page';
export { EVIL_ISSUER, OTHER_AUDIENCE, TAMPER_MODES, type TamperMode } from './oidc-tamper';

export type OidcTestClient = {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** client_secret_basic unless given (Auth.js's default); oidc-provider accepts one method per client. */
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post';
};

export type OidcTestProviderOptions = {
  /** 0 or none: a free port. */
  port?: number;
  host?: '127.0.0.1';
  clients: OidcTestClient[];
  accounts: OidcTestAccount[];
  /** Serve POST /__test/tamper so another process (Playwright) can call setTamper; the CLI entry sets it. */
  controlEndpoint?: boolean;
};

export type OidcTestProvider = {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  issuer: string;
  port: number;
  /** Tampers with the ID token of the next successful token response only, then resets to null. */
  setTamper(mode: TamperMode | null): void;
  stop(): Promise<void>;
};

type Middleware = Parameters<Provider['use']>[0];

export const TAMPER_CONTROL_PATH = '/__test/tamper';

/** The scopes a login grants at once, so no consent page is ever shown. */
const GRANTED_SCOPES = 'openid profile email groups';

function accountClaims(account: OidcTestAccount) {
  return {
    sub: account.sub,
    name: account.name,
    preferred_username: account.preferredUsername,
    groups: account.groups,
    ...(account.email === undefined ? {} : { email: account.email }),
    ...(account.roles === undefined ? {} : { roles: account.roles }),
  };
}

function configuration(options: OidcTestProviderOptions, signingJwk: JWK): Configuration {
  return {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: c.tokenEndpointAuthMethod ?? 'client_secret_basic',
    })),
    jwks: { keys: [signingJwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'profile', 'email', 'groups'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'], groups: ['groups', 'roles'] },
    // Auth.js reads the profile from the ID token only, so the claims go there, not just to userinfo.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // The library's defaults, written out: left unset, it prints a notice for each on first use.
    ttl: { AccessToken: 3600, AuthorizationCode: 60, Grant: 14 * 24 * 3600, IdToken: 3600, Interaction: 3600, Session: 14 * 24 * 3600 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => interactionUrl(interaction.uid) },
    findAccount: (_ctx, sub) => {
      const account = options.accounts.find((a) => a.sub === sub);
      return account && { accountId: sub, claims: () => accountClaims(account) };
    },
    async loadExistingGrant(ctx) {
      const { client, account, session } = ctx.oidc;
      if (!client || !account) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session?.grantIdFor(client.clientId);
      const existing = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      if (existing) return existing;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: account.accountId });
      grant.addOIDCScope(GRANTED_SCOPES);
      await grant.save();
      return grant;
    },
  };
}

/** Runs after the token endpoint and rewrites the ID token in its JSON body. */
function tokenTamper(state: { mode: TamperMode | null }, signingKey: CryptoKey): Middleware {
  return async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: unknown } | undefined;
    if (!state.mode || ctx.method !== 'POST' || ctx.status !== 200 || typeof body?.id_token !== 'string') return;
    if ((ctx as { oidc?: { route?: string } }).oidc?.route !== 'token') return;
    const mode = state.mode;
    state.mode = null;
    ctx.body = { ...body, id_token: await tamperIdToken(body.id_token, mode, signingKey) };
  };
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** POST /__test/tamper {"mode": "...|null"} → 204; anything else → 400. */
function tamperControl(setTamper: (mode: TamperMode | null) => void): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== TAMPER_CONTROL_PATH) return next();
    if (ctx.method !== 'POST') ctx.throw(405);
    const mode = ((await readJson(ctx.req).catch(() => undefined)) as { mode?: unknown } | undefined)?.mode;
    if (mode !== null && !isTamperMode(mode)) return ctx.throw(400, 'mode must be null or a tamper mode');
    setTamper(mode);
    ctx.status = 204;
  };
}

export async function startOidcProvider(options: OidcTestProviderOptions): Promise<OidcTestProvider> {
  const host = options.host ?? '127.0.0.1';
  // The port (and so the issuer) is known only once listening; a request before the provider is
  // ready (a readiness probe) gets 503 rather than a connection nobody answers.
  let handle: http.RequestListener | null = null;
  const server = http.createServer((request, response) => (handle ? handle(request, response) : response.writeHead(503).end()));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  const issuer = `http://${host}:${port}`;

  // Our own key pair, so the tamper step can re-sign a changed token as the provider would.
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingJwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' } as JWK;

  const provider = new Provider(issuer, configuration(options, signingJwk));
  const state: { mode: TamperMode | null } = { mode: null };
  const setTamper = (mode: TamperMode | null) => {
    if (mode !== null && !isTamperMode(mode)) throw new TypeError(`unknown tamper mode: ${String(mode)}`);
    state.mode = mode;
  };
  provider.use(tokenTamper(state, privateKey));
  provider.use(loginInteraction(provider, options.accounts));
  if (options.controlEndpoint) provider.use(tamperControl(setTamper));
  handle = provider.callback();

  return {
    issuer,
    port,
    setTamper,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Clients' keep-alive sockets would hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}
