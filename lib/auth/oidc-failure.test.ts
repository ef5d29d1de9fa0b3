import { describe, expect, it } from 'vitest';
import { noteOidcFailure, oidcFailureReason, watchOidcCallback } from './oidc-failure';

/** Auth.js's wrapping: CallbackRouteError { cause: { err: <oauth4webapi error> } }. */
const wrapped = (message: string, type = 'CallbackRouteError') =>
  Object.assign(new Error('Read more at https://errors.authjs.dev'), { type, cause: { err: new Error(message) } });

describe('oidcFailureReason', () => {
  it.each([
    ['unexpected JWT "iss" (issuer) claim value', 'wrong-issuer'],
    ['unexpected JWT "aud" (audience) claim value', 'wrong-audience'],
    ['unexpected JWT "exp" (expiration time) claim value, expiration is past current timestamp', 'expired-token'],
    ['unexpected ID Token "nonce" claim value', 'bad-nonce'],
    ['fetch failed', 'provider-unreachable'],
    ['signature verification failed', 'bad-signature'],
    ['"exp" claim timestamp check failed', 'expired-token'],
    ['unexpected "iss" claim value', 'wrong-issuer'],
    ['something else entirely', 'invalid-response'],
  ])('%s → %s', (message, reason) => expect(oidcFailureReason(wrapped(message))).toBe(reason));

  it('reads Auth.js’s own check failures', () => {
    expect(oidcFailureReason(Object.assign(new Error('State cookie was missing.'), { type: 'InvalidCheck' }))).toBe('bad-state');
    expect(oidcFailureReason(Object.assign(new Error('PKCE code_verifier cookie was missing.'), { type: 'InvalidCheck' }))).toBe('bad-pkce');
  });
});

describe('watchOidcCallback', () => {
  it('catches what the logger notes within the watched call only', async () => {
    expect(noteOidcFailure(new Error('outside'))).toBe(false);
    const { error } = await watchOidcCallback(async () => {
      await Promise.resolve();
      expect(noteOidcFailure(new Error('first'))).toBe(true);
      noteOidcFailure(new Error('second'));
      return new Response(null, { status: 302 });
    });
    expect((error as Error).message).toBe('first');
  });
});
