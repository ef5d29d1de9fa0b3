import 'server-only';
/**
 * Auth.js's GET route, with the OpenID Connect callback watched: a response Auth.js refused
 * (lib/auth/oidc-failure.ts) is audited with its reason, and the browser gets Auth.js's own
 * answer (a redirect to the sign-in page with the generic refusal). No session is made.
 */
import { getPinDeps } from '../server/pin-deps';
import { oidcFailureReason, watchOidcCallback } from './oidc-failure';
import { clientAddress, userAgent } from './request-info';

type Handler<R extends Request> = (request: R) => Promise<Response>;

export function withOidcCallbackAudit<R extends Request>(get: Handler<R>): Handler<R> {
  return async (request) => {
    if (!new URL(request.url).pathname.endsWith('/callback/oidc')) return get(request);
    const { response, error } = await watchOidcCallback(() => get(request));
    if (error) {
      await getPinDeps().store.appendAudit({
        at: Date.now(),
        actor: { type: 'anonymous', name: 'OpenID Connect response' },
        action: 'auth.sign_in_failed',
        target: { type: 'account', id: null, name: '(not identified)' },
        context: { sourceAddress: clientAddress(request.headers), userAgent: userAgent(request.headers) },
        outcome: 'failure',
        details: { reason: oidcFailureReason(error), method: 'oidc' },
      });
    }
    return response;
  };
}
