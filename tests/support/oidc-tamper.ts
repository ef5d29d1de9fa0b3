/**
 * Rewrites of an ID token for the negative sign-in tests: a token that is well formed and signed
 * with the provider's own key but carries a wrong issuer, audience or lifetime, or one whose
 * signature no longer matches. A client must refuse each of them.
 */
import { decodeJwt, decodeProtectedHeader, SignJWT, type CryptoKey, type JWTHeaderParameters } from 'jose';

export const TAMPER_MODES = ['wrong-issuer', 'wrong-audience', 'expired', 'bad-signature'] as const;

export type TamperMode = (typeof TAMPER_MODES)[number];

export const EVIL_ISSUER = 'http://evil.example';
export const OTHER_AUDIENCE = 'someone-else';

export function isTamperMode(value: unknown): value is TamperMode {
  return TAMPER_MODES.includes(value as TamperMode);
}

/** Flips the bits of the signature's first byte: the last base64url character alone may only carry padding bits. */
function corruptSignature(jwt: string): string {
  const [header, payload, signature] = jwt.split('.');
  const bytes = Buffer.from(signature, 'base64url');
  bytes[0] ^= 0xff;
  return `${header}.${payload}.${bytes.toString('base64url')}`;
}

export async function tamperIdToken(jwt: string, mode: TamperMode, signingKey: CryptoKey): Promise<string> {
  if (mode === 'bad-signature') return corruptSignature(jwt);
  const header = decodeProtectedHeader(jwt) as JWTHeaderParameters;
  const claims = decodeJwt(jwt);
  const now = Math.floor(Date.now() / 1000);
  if (mode === 'wrong-issuer') claims.iss = EVIL_ISSUER;
  if (mode === 'wrong-audience') claims.aud = OTHER_AUDIENCE;
  if (mode === 'expired') Object.assign(claims, { iat: now - 2 * 3600, exp: now - 3600 });
  return new SignJWT(claims).setProtectedHeader(header).sign(signingKey);
}
