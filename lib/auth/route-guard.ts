import 'server-only';
/**
 * Route handlers check the caller themselves, like server actions do. One path for both
 * kinds of caller: `Authorization: Bearer <personal API token>` (scripts, the `pindesk` CLI)
 * or else the signed-in session cookie (the Users page's own fetches). Either way the
 * caller's *current* roles decide, and refusals are audited the same way. A cookie-authenticated
 * request must also come from PinDesk's own pages (lib/auth/same-origin.ts): another site can
 * make a signed-in browser send the cookie, but not a bearer token.
 */
import { headers } from 'next/headers';
import { bearerToken } from '../bridges/keys';
import { authenticateApiToken } from '../db/api-tokens';
import { getDb } from '../server/composition-root';
import { logDatabaseUnavailable } from '../db/outage-log';
import { isDatabaseUnavailable } from '../db/unavailable';
import { databaseUnavailableResponse } from '../http/database-unavailable';
import { getPinDeps } from '../server/pin-deps';
import type { Actor, RequestContext } from '../pin/types';
import type { Permission } from './permissions';
import { checkSameOrigin } from './same-origin';
import { getSessionUser, requestContext, sessionUserOf, type SessionUser } from './session';

export function jsonError(status: number, error: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ error, ...extra }, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** Who is calling a route: the user, the actor for the audit trail, and the token used (if any). */
export type RouteCaller = SessionUser & { actor: Actor; context: RequestContext; apiTokenId: string | null };

const tokenRefusals = {
  unknown: 'This API token is not valid: check PINDESK_TOKEN, or create a token on the API tokens page.',
  revoked: 'This API token was revoked: create a new one on the API tokens page.',
  expired: 'This API token has expired: create a new one on the API tokens page.',
  owner_disabled: "This API token's owner account is disabled.",
} as const;

/** The caller, or the 401 to answer. A bearer header wins over a cookie. */
export async function authenticateRouteCaller(): Promise<RouteCaller | Response> {
  const context = await requestContext();
  const header = (await headers()).get('authorization');
  if (header !== null) {
    const secret = bearerToken(header);
    if (!secret) return jsonError(401, 'The Authorization header must be "Bearer <API token>".', { code: 'UNAUTHENTICATED' });
    const check = await authenticateApiToken(getDb(), secret);
    if (!check.ok) return jsonError(401, tokenRefusals[check.reason], { code: 'UNAUTHENTICATED' });
    const { user, tokenId } = check.owner;
    return {
      ...sessionUserOf(user, user.roles),
      actor: { type: 'user', id: user.id, name: user.displayName, apiTokenId: tokenId },
      context,
      apiTokenId: tokenId,
    };
  }
  const user = await getSessionUser();
  if (!user)
    return jsonError(401, 'Sign in first, or send "Authorization: Bearer <API token>": this API needs an authenticated caller.', { code: 'UNAUTHENTICATED' });
  return { ...user, actor: { type: 'user', id: user.id, name: user.displayName }, context, apiTokenId: null };
}

/**
 * The caller, or the response that ends the request: 401/403, or 503 + Retry-After while the
 * database is unavailable (authentication is where every API request first reaches it).
 */
export async function requireRoutePermission(permission: Permission): Promise<RouteCaller | Response> {
  try {
    return await checkRoutePermission(permission);
  } catch (error) {
    const outage = databaseOutageAnswer(error);
    if (!outage) throw error;
    return outage;
  }
}

/** The REST API's 503 + Retry-After for a database-unavailable error (logged once a minute), or null for any other error. */
export function databaseOutageAnswer(error: unknown): Response | null {
  if (!isDatabaseUnavailable(error)) return null;
  logDatabaseUnavailable('api', error);
  return databaseUnavailableResponse();
}

async function checkRoutePermission(permission: Permission): Promise<RouteCaller | Response> {
  const caller = await authenticateRouteCaller();
  if (caller instanceof Response) return caller;
  if (caller.apiTokenId === null) {
    const origin = checkSameOrigin(await headers());
    if (!origin.ok) {
      await auditRefusal(caller, 'request.cross_origin_refused', permission, { origin: origin.origin, secFetchSite: origin.secFetchSite });
      const from = origin.origin ? `Origin ${origin.origin}` : `Sec-Fetch-Site: ${origin.secFetchSite}`;
      return jsonError(
        403,
        `This request came from another site (${from}): the API takes the sign-in cookie only from PinDesk's own pages. Scripts send "Authorization: Bearer <API token>" instead.`,
        { code: 'CROSS_ORIGIN' },
      );
    }
  }
  if (!caller.permissions.has(permission)) {
    await auditRefusal(caller, 'authorization.denied', permission, { roles: caller.roles });
    return jsonError(403, `Your role (${caller.roles.join(', ') || 'none'}) does not allow this (it needs ${permission}).`, { code: 'FORBIDDEN' });
  }
  return caller;
}

/** A refused request, audited with the permission it asked for. */
function auditRefusal(caller: RouteCaller, action: string, permission: Permission, details: Record<string, unknown>) {
  return getPinDeps().store.appendAudit({
    at: Date.now(),
    actor: caller.actor,
    action,
    target: { type: 'route', id: permission, name: permission },
    context: caller.context,
    outcome: 'denied',
    details: { permission, ...details },
  });
}
