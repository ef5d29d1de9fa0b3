import 'server-only';
/**
 * The shape the /api/v1/directory routes share: authenticate (session or API token) →
 * authorize (directory.manage, CsAdministrator only) → run the directory scripting service
 * (lib/scripting/directory.ts, i.e. the Directory page's use cases) → JSON. Errors answer in
 * the other routes' shape, {error, code}: invalid input 400, unknown source or run 404,
 * another sync running 409, a file or source that cannot be read 422, a file too large 413,
 * the database unavailable 503; anything else a generic 500 (never the request body, which
 * could hold anything).
 */
import { z } from 'zod';
import { describeZodError } from '../actions/admin-action';
import { databaseOutageAnswer, jsonError, requireRoutePermission, type RouteCaller } from '../auth/route-guard';
import { DirectorySourceError } from '../directory/source-error';
import { SfbExportError } from '../directory/sfb-export';
import { LdapSourceError } from '../directory/ldap/connection';
import { LdapSettingsError } from '../directory/ldap/settings';
import { SyncNotStartedError } from '../directory/sync-service';
import { createDirectoryScripting, RunNotFoundError, type DirectoryScripting } from '../scripting/directory';
import { getDb, getPinDeps } from '../server/composition-root';
import { InputError } from '../validation/input-error';

type Answer = { status: number; body: unknown };
type Handler<P> = (ctx: { service: DirectoryScripting; caller: RouteCaller; request: Request; params: URLSearchParams; route: P }) => Promise<Answer>;

export function directoryRoute<P = undefined>(name: string, handler: Handler<P>) {
  return async (request: Request, route: P): Promise<Response> => {
    const caller = await requireRoutePermission('directory.manage');
    if (caller instanceof Response) return caller;
    // Route callers are users (token owners or sessions); the type also allows bridges, which never reach here.
    if (caller.actor.type !== 'user') return jsonError(403, 'Only an administrator can sync or import the directory.', { code: 'FORBIDDEN' });
    const service = createDirectoryScripting({ handle: getDb(), clock: getPinDeps().clock }, { actor: caller.actor, context: caller.context });
    try {
      const { status, body } = await handler({ service, caller, request, params: new URL(request.url).searchParams, route });
      return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
    } catch (error) {
      return errorAnswer(name, error);
    }
  };
}

function errorAnswer(name: string, error: unknown): Response {
  if (error instanceof z.ZodError) {
    const { message, fieldErrors } = describeZodError(error);
    return jsonError(400, message, { code: 'INVALID_INPUT', fieldErrors });
  }
  if (error instanceof InputError) return jsonError(400, error.message, { code: 'INVALID_INPUT', ...(error.field ? { field: error.field } : {}) });
  if (error instanceof RunNotFoundError) return jsonError(404, error.message, { code: 'RUN_NOT_FOUND' });
  if (error instanceof SyncNotStartedError) return jsonError(error.code === 'SYNC_RUNNING' ? 409 : 404, error.message, { code: error.code });
  if (error instanceof SfbExportError) return jsonError(error.code === 'FILE_TOO_LARGE' ? 413 : 422, error.message, { code: error.code });
  if (error instanceof DirectorySourceError) return jsonError(error.code === 'NO_LDAP_SOURCE' ? 404 : 422, error.message, { code: error.code });
  if (error instanceof LdapSettingsError) return jsonError(422, error.message, { code: 'SETTINGS_INVALID' });
  if (error instanceof LdapSourceError) return jsonError(422, error.message, { code: error.code });
  const outage = databaseOutageAnswer(error);
  if (outage) return outage;
  // Name only: an unexpected error's message could echo input.
  console.error(`[api ${name}] unexpected ${error instanceof Error ? error.name : typeof error}`);
  return jsonError(500, 'Something went wrong on the server. Try again, or ask your administrator to check the server log.', { code: 'INTERNAL' });
}
