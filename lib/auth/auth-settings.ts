/**
 * How people sign in, from the environment: OpenID Connect with the organisation's identity
 * provider (AUTH_OIDC_*), and whether PinDesk's own passwords (break-glass local accounts)
 * still sign in (AUTH_LOCAL_ACCOUNTS). A setting that is wrong stops the start with a message
 * naming it; the client secret is never part of a message.
 */
export type OidcSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button's text: "Sign in with <name>". */
  name: string;
  /** The ID token claim matched to the directory user's UPN. */
  userClaim: string;
  /** The claim whose values (groups or app roles) the role mapping reads; null: roles are not taken from sign-in. */
  rolesClaim: string | null;
  scope: string;
};

export class AuthSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthSettingsError';
  }
}

const CLAIM = /^[A-Za-z0-9_.:/-]{1,128}$/;

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

/** The identity provider, or null when AUTH_OIDC_ISSUER is not set (no "Sign in with" button). */
export function oidcSettingsFromEnv(env: Record<string, string | undefined>): OidcSettings | null {
  const issuer = env.AUTH_OIDC_ISSUER?.trim();
  if (!issuer) return null;
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new AuthSettingsError(
      `AUTH_OIDC_ISSUER is not a URL ("${issuer.slice(0, 80)}"); give the issuer, e.g. https://login.microsoftonline.com/<tenant>/v2.0.`,
    );
  }
  if (issuer.length > 512) throw new AuthSettingsError('AUTH_OIDC_ISSUER is longer than 512 characters.');
  // Tokens and codes travel to the issuer: only a test provider on this machine may use plain http.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname)))
    throw new AuthSettingsError(`AUTH_OIDC_ISSUER must be an https:// URL (got ${url.protocol}//${url.host}).`);
  const clientId = env.AUTH_OIDC_CLIENT_ID?.trim() ?? '';
  const clientSecret = env.AUTH_OIDC_CLIENT_SECRET ?? '';
  if (!clientId || clientId.length > 256) throw new AuthSettingsError('AUTH_OIDC_CLIENT_ID must be set (up to 256 characters) when AUTH_OIDC_ISSUER is.');
  if (!clientSecret || clientSecret.length > 1024)
    throw new AuthSettingsError('AUTH_OIDC_CLIENT_SECRET must be set (up to 1024 characters) when AUTH_OIDC_ISSUER is.');
  const name = env.AUTH_OIDC_NAME?.trim() || 'your organisation';
  if (name.length > 60) throw new AuthSettingsError('AUTH_OIDC_NAME must be at most 60 characters (it is the button’s text).');
  const userClaim = env.AUTH_OIDC_USER_CLAIM?.trim() || 'preferred_username';
  if (!CLAIM.test(userClaim)) throw new AuthSettingsError('AUTH_OIDC_USER_CLAIM must be a claim name (letters, digits, _ . : / -).');
  const rolesClaim = env.AUTH_OIDC_ROLES_CLAIM?.trim() || null;
  if (rolesClaim !== null && !CLAIM.test(rolesClaim)) throw new AuthSettingsError('AUTH_OIDC_ROLES_CLAIM must be a claim name, e.g. groups or roles.');
  const scope = env.AUTH_OIDC_SCOPE?.trim() || 'openid profile email';
  if (!/^[\x21-\x7e]+( [\x21-\x7e]+)*$/.test(scope) || !scope.split(' ').includes('openid') || scope.length > 512)
    throw new AuthSettingsError('AUTH_OIDC_SCOPE must be space-separated scopes including openid, e.g. "openid profile email".');
  return { issuer, clientId, clientSecret, name, userClaim, rolesClaim, scope };
}

/** AUTH_LOCAL_ACCOUNTS: unset or 1 → PinDesk's own passwords sign in; 0 → only the directory and the identity provider. */
export function localAccountsEnabled(env: Record<string, string | undefined>): boolean {
  const raw = env.AUTH_LOCAL_ACCOUNTS?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new AuthSettingsError(`AUTH_LOCAL_ACCOUNTS must be 1 or 0 (got "${raw.slice(0, 20)}").`);
}
