/**
 * A relying party for the OIDC provider tests, doing what Auth.js does with oauth4webapi:
 * discovery, an authorization request with PKCE, state and nonce, and the code exchange. The
 * "browser" is node fetch with a cookie jar, following redirects by hand so each hop can be seen.
 */
import * as o from 'oauth4webapi';

export type Browser = (url: string | URL, init?: RequestInit) => Promise<Response>;

export type RelyingParty = { clientId: string; clientSecret: string; redirectUri: string; post?: boolean };

export type AuthorizationRequest = { state: string; nonce: string; codeVerifier: string; url: URL };

const insecure = { [o.allowInsecureRequests]: true };

/** Remembers cookies by name only: every request here goes to the one provider origin. */
export function newBrowser(): Browser {
  const jar = new Map<string, string>();
  return async (url, init = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      const expires = attributes.find((a) => /^expires=/i.test(a));
      const gone = !value || (expires !== undefined && Date.parse(expires.slice(8)) <= Date.now());
      if (gone) jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  };
}

export async function discover(issuer: string): Promise<o.AuthorizationServer> {
  const url = new URL(issuer);
  return o.processDiscoveryResponse(url, await o.discoveryRequest(url, insecure));
}

export async function authorizationRequest(as: o.AuthorizationServer, rp: RelyingParty): Promise<AuthorizationRequest> {
  const [state, nonce, codeVerifier] = [o.generateRandomState(), o.generateRandomNonce(), o.generateRandomCodeVerifier()];
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: rp.clientId,
    redirect_uri: rp.redirectUri,
    response_type: 'code',
    scope: 'openid profile email groups',
    state,
    nonce,
    code_challenge: await o.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  }).toString();
  return { state, nonce, codeVerifier, url };
}

/** A redirect's target; fails on anything but a 302 or 303. */
export function redirectTarget(response: Response, from: string | URL): URL {
  if (response.status !== 302 && response.status !== 303) throw new Error(`expected a redirect from ${from}, got ${response.status}`);
  return new URL(response.headers.get('location')!, from);
}

export const postForm = (browser: Browser, url: string | URL, fields: Record<string, string>) =>
  browser(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });

/** From the authorization request to the login page: the interaction URL. */
export async function openLogin(browser: Browser, request: AuthorizationRequest): Promise<URL> {
  return redirectTarget(await browser(request.url), request.url);
}

/** Posts the login form and follows the provider's redirects up to the client's callback URL. */
export async function logIn(browser: Browser, interaction: URL, username: string, password: string): Promise<URL> {
  const resume = redirectTarget(await postForm(browser, interaction, { username, password }), interaction);
  return redirectTarget(await browser(resume), resume);
}

export async function exchangeCode(as: o.AuthorizationServer, rp: RelyingParty, request: AuthorizationRequest, callback: URL): Promise<Response> {
  const client: o.Client = { client_id: rp.clientId };
  const auth = rp.post ? o.ClientSecretPost(rp.clientSecret) : o.ClientSecretBasic(rp.clientSecret);
  const params = o.validateAuthResponse(as, client, callback, request.state);
  return o.authorizationCodeGrantRequest(as, client, auth, params, rp.redirectUri, request.codeVerifier, insecure);
}

/** Auth.js's checks of the token response (processAuthorizationCodeResponse): they leave the ID token's signature unchecked. */
export async function processTokenResponse(as: o.AuthorizationServer, rp: RelyingParty, request: AuthorizationRequest, response: Response) {
  return o.processAuthorizationCodeResponse(as, { client_id: rp.clientId }, response, { expectedNonce: request.nonce, requireIdToken: true });
}

/** The signature check oauth4webapi offers on top, against the provider's JWKS. */
export const checkSignature = (as: o.AuthorizationServer, response: Response) => o.validateApplicationLevelSignature(as, response, insecure);

/** The whole flow for one account: the ID token's claims, signature checked. */
export async function signIn(as: o.AuthorizationServer, rp: RelyingParty, username: string, password: string): Promise<o.IDToken> {
  const browser = newBrowser();
  const request = await authorizationRequest(as, rp);
  const callback = await logIn(browser, await openLogin(browser, request), username, password);
  const response = await exchangeCode(as, rp, request, callback);
  const tokens = await processTokenResponse(as, rp, request, response);
  await checkSignature(as, response);
  return o.getValidatedIdTokenClaims(tokens)!;
}
