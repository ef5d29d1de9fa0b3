import 'server-only';
/**
 * The shape the /api/v1/roles routes share: authenticate (session or API token) → authorize
 * (role.manage, CsAdministrator only) → read a small JSON body (4 KiB; larger is a 413) → run
 * the roles scripting service (lib/scripting/roles.ts, over lib/roles) → JSON. Errors answer
 * in the other routes' shape, {error, code}: invalid input or an unknown role 400, unknown user
 * 404, an ambiguous identity, the last CsAdministrator or a role not granted directly 409, the
 * database unavailable 503; anything else a generic 500.
 */
import { z } from 'zod';
import { describeZodError } from '../actions/admin-action';
import { databaseOutageAnswer, jsonError, requireRoutePermission, type RouteCaller } from '../auth/route-guard';
import { isPinError } from '../pin/errors';
import { RoleChangeError, RoleInputError } from '../roles/roles-service';
import { createRolesScripting, type RolesClient } from '../scripting/roles';
import { getDb, getPinDeps } from '../server/composition-root';
import { InputError } from '../validation/input-error';
import { readJsonBody } from './read-json-body';
import { ROLES_BODY_LIMIT } from './roles-schemas';
import { parseWhatIf } from './scripting-schemas';
import { statusOfPinError } from './scripting-route';

type Handler = (ctx: { service: RolesClient; caller: RouteCaller; params: URLSearchParams; whatIf: boolean; body: unknown }) => Promise<unknown>;

const statusOfRoleChange: Record<RoleChangeError['code'], number> = { USER_NOT_FOUND: 404, LAST_ADMINISTRATOR: 409, NOT_GRANTED: 409 };

export function rolesRoute(name: string, options: { body?: boolean }, handler: Handler) {
  return async (request: Request): Promise<Response> => {
    const caller = await requireRoutePermission('role.manage');
    if (caller instanceof Response) return caller;
    const params = new URL(request.url).searchParams;
    const whatIf = parseWhatIf(params);
    if (typeof whatIf === 'string') return jsonError(400, whatIf, { code: 'INVALID_INPUT', field: 'whatIf' });
    let body: unknown = undefined;
    if (options.body) {
      const read = await readJsonBody(request, ROLES_BODY_LIMIT);
      if (!read.ok) return read.tooLarge ? jsonError(413, read.error, { code: 'BODY_TOO_LARGE' }) : jsonError(400, read.error, { code: 'INVALID_INPUT' });
      body = read.value;
    }
    const service = createRolesScripting({ handle: getDb(), store: getPinDeps().store }, { actor: caller.actor, context: caller.context });
    try {
      const result = await handler({ service, caller, params, whatIf, body });
      return Response.json(result, { headers: { 'Cache-Control': 'no-store' } });
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
  if (error instanceof RoleInputError) return jsonError(400, error.message, { code: 'INVALID_INPUT', field: error.field });
  if (error instanceof RoleChangeError) return jsonError(statusOfRoleChange[error.code], error.message, { code: error.code });
  if (isPinError(error)) return jsonError(statusOfPinError[error.code] ?? 422, error.message, { code: error.code });
  const outage = databaseOutageAnswer(error);
  if (outage) return outage;
  // Name only: an unexpected error's message could echo input.
  console.error(`[api ${name}] unexpected ${error instanceof Error ? error.name : typeof error}`);
  return jsonError(500, 'Something went wrong on the server; nothing was changed. Try again, or ask your administrator to check the server log.', {
    code: 'INTERNAL',
  });
}
