import 'server-only';
/**
 * Auth.js's GET route, at the browser's origin (lib/auth/public-origin-request.ts), with the
 * OpenID Connect callback watched: a response Auth.js refused (lib/auth/oidc-failure.ts) is
 * audited with its reason, and the browser gets Auth.js's own answer (a redirect to the sign-in
 * page with the generic refusal). No session is made.
 */
import { getPinDeps } from '../server/pin-deps';
import { oidcFailureReason, watchOidcCallback } from './oidc-failure';
import { clientAddress, userAgent } from './request-info';
import { withPublicOrigin, type AuthRouteHandler } from './public-origin-request';

export function withOidcCallbackAudit(handler: AuthRouteHandler): AuthRouteHandler {
  return withPublicOrigin(async (request) => {
    if (!new URL(request.url).pathname.endsWith('/callback/oidc')) return handler(request);
    const { response, error } = await watchOidcCallback(() => handler(request));
    if (error) {
      const reason = oidcFailureReason(error);
      console.warn(`[auth] an OpenID Connect response was refused: ${reason}`);
      await getPinDeps().store.appendAudit({
        at: Date.now(),
        actor: { type: 'anonymous', name: 'OpenID Connect response' },
        action: 'auth.sign_in_failed',
        target: { type: 'account', id: null, name: '(not identified)' },
        context: { sourceAddress: clientAddress(request.headers), userAgent: userAgent(request.headers) },
        outcome: 'failure',
        details: { reason, method: 'oidc' },
      });
    }
    return response;
  });
}
