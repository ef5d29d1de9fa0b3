/**
 * The ID token's signature, checked against the identity provider's published keys. Auth.js
 * (oauth4webapi) checks the token's issuer, audience, expiry and nonce but not its signature when
 * it comes straight from the token endpoint, as OpenID Connect allows over TLS; PinDesk checks
 * it as well, so a token endpoint answer altered on the way (a TLS-intercepting proxy, a test
 * provider on plain http) is refused, not trusted. Keys are cached by jose and re-fetched when
 * the provider rotates them.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { OidcSettings } from './auth-settings';

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const FETCH_TIMEOUT_MS = 10_000;

async function keySetOf(issuer: string): Promise<ReturnType<typeof createRemoteJWKSet>> {
  const known = keySets.get(issuer);
  if (known) return known;
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`the identity provider's discovery document answered ${response.status}`);
  const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: unknown };
  if (typeof jwksUri !== 'string') throw new Error("the identity provider's discovery document has no jwks_uri");
  const keySet = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: FETCH_TIMEOUT_MS });
  keySets.set(issuer, keySet);
  return keySet;
}

/** For Auth.js's token.conform: throws when the token response's ID token is not signed by the issuer's keys for this client. */
export async function checkIdTokenSignature(settings: Pick<OidcSettings, 'issuer' | 'clientId'>, response: Response): Promise<void> {
  const body = (await response.json().catch(() => null)) as { id_token?: unknown } | null;
  // No ID token, or no JSON: oauth4webapi refuses the response itself.
  if (typeof body?.id_token !== 'string') return;
  await jwtVerify(body.id_token, await keySetOf(settings.issuer), { issuer: settings.issuer, audience: settings.clientId, algorithms: ASYMMETRIC });
}
