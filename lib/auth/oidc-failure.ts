/**
 * Auditing an identity provider response Auth.js refused (a forged or replayed state, a token
 * for another issuer or audience, an expired token): Auth.js reports it only to its logger,
 * without the request. The callback route runs Auth.js inside watchOidcCallback; the logger
 * notes the error in that request's slot, and the route audits it once Auth.js has answered.
 * Only a fixed reason is kept: the library's message may quote the token's claims.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type OidcFailureReason =
  | 'bad-state'
  | 'bad-nonce'
  | 'bad-pkce'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'expired-token'
  | 'bad-signature'
  | 'provider-error'
  | 'provider-unreachable'
  | 'invalid-response';

const slot = new AsyncLocalStorage<{ error?: unknown }>();

/** Runs the callback route's Auth.js call; returns its response and the error Auth.js refused with, if any. */
export async function watchOidcCallback(run: () => Promise<Response>): Promise<{ response: Response; error: unknown }> {
  const holder: { error?: unknown } = {};
  const response = await slot.run(holder, run);
  return { response, error: holder.error };
}

/** For Auth.js's logger: true when the error belongs to a watched callback (and is noted there). */
export function noteOidcFailure(error: unknown): boolean {
  const holder = slot.getStore();
  if (!holder) return false;
  holder.error ??= error;
  return true;
}

/** All the messages of an error and its causes, lower-cased (Auth.js wraps oauth4webapi's). */
function messagesOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const value = current as { message?: unknown; type?: unknown; code?: unknown; cause?: unknown; err?: unknown };
    for (const part of [value.type, value.code, value.message]) if (typeof part === 'string') parts.push(part);
    current = value.cause && typeof value.cause === 'object' && 'err' in value.cause ? (value.cause as { err: unknown }).err : value.cause;
  }
  return parts.join(' ').toLowerCase();
}

/** Why a response was refused, from what Auth.js and oauth4webapi say. */
export function oidcFailureReason(error: unknown): OidcFailureReason {
  const text = messagesOf(error);
  if (/"iss"|issuer/.test(text)) return 'wrong-issuer';
  if (/"aud"|audience|"azp"/.test(text)) return 'wrong-audience';
  if (/"exp"|expired|"iat"|timestamp|"nbf"/.test(text)) return 'expired-token';
  if (/signature/.test(text)) return 'bad-signature';
  if (/nonce/.test(text)) return 'bad-nonce';
  if (/pkce|code_verifier|code verifier/.test(text)) return 'bad-pkce';
  if (/state/.test(text)) return 'bad-state';
  if (/fetch failed|econnrefused|enotfound|timeout|etimedout/.test(text)) return 'provider-unreachable';
  if (/invalid_grant|oauth provider returned an error|access_denied/.test(text)) return 'provider-error';
  return 'invalid-response';
}
