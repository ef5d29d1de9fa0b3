import 'server-only';
/**
 * Route handlers check the caller themselves, like server actions do: a signed-in session
 * with the permission, else a JSON 401 / 403.
 */
import { getPinDeps } from '../server/pin-deps';
import type { Permission } from './permissions';
import { getSessionUser, requestContext, type SessionUser } from './session';

export function jsonError(status: number, error: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ error, ...extra }, { status, headers: { 'Cache-Control': 'no-store' } });
}

export async function requireRoutePermission(permission: Permission): Promise<SessionUser | Response> {
  const user = await getSessionUser();
  if (!user) return jsonError(401, 'Sign in first: this API needs an authenticated session.');
  if (!user.permissions.has(permission)) {
    await getPinDeps().store.appendAudit({
      at: Date.now(),
      actor: { type: 'user', id: user.id, name: user.displayName },
      action: 'authorization.denied',
      target: { type: 'route', id: permission, name: permission },
      context: await requestContext(),
      outcome: 'denied',
      details: { permission, roles: user.roles },
    });
    return jsonError(403, `Your role (${user.roles.join(', ') || 'none'}) does not allow this.`);
  }
  return user;
}
