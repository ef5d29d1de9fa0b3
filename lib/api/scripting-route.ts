import 'server-only';
/**
 * The shape every scripting endpoint shares: authenticate (session or API token) → authorize
 * → parse → run the scripting service (lib/scripting/service.ts, i.e. the lib/pin use
 * cases) → JSON. Domain errors become 404 / 409 / 422 with the PinError code and message
 * (never a PIN); invalid input a 400 naming the field; the database unavailable a 503 with
 * Retry-After; anything else a generic 500.
 */
import { z } from 'zod';
import { describeZodError } from '../actions/admin-action';
import type { Permission } from '../auth/permissions';
import { databaseOutageAnswer, jsonError, requireRoutePermission, type RouteCaller } from '../auth/route-guard';
import { getDb } from '../server/composition-root';
import { isPinError, type PinErrorCode } from '../pin/errors';
import { createScriptingService, type PinDeskClient } from '../scripting/service';
import { getPinDeps } from '../server/pin-deps';
import { InputError } from '../validation/input-error';
import { readJsonBody } from './read-json-body';
import { parseWhatIf } from './scripting-schemas';

const BODY_LIMIT = 16 * 1024;

export const statusOfPinError: Record<PinErrorCode, number> = {
  USER_NOT_FOUND: 404,
  POLICY_NOT_FOUND: 404,
  SITE_NOT_FOUND: 404,
  IDENTITY_AMBIGUOUS: 409,
  POLICY_EXISTS: 409,
  POLICY_IN_USE: 409,
  PIN_LOCKED: 409,
  PIN_NOT_DIGITS: 422,
  PIN_TOO_SHORT: 422,
  PIN_TOO_LONG: 422,
  PIN_COMMON_PATTERN: 422,
  PIN_REUSED: 422,
  PIN_MISMATCH: 422,
  IDENTITY_INVALID: 422,
  POLICY_INVALID: 422,
  DIAL_IN_TEST_LIMIT: 429,
};

/** An input problem found by the handler itself (400). */
export class BadRequest extends Error {}

type Handler = (ctx: { service: PinDeskClient; caller: RouteCaller; params: URLSearchParams; whatIf: boolean; body: unknown }) => Promise<unknown>;

export function scriptingRoute(permission: Permission, name: string, options: { body?: boolean }, handler: Handler) {
  return async (request: Request): Promise<Response> => {
    const caller = await requireRoutePermission(permission);
    if (caller instanceof Response) return caller;
    const params = new URL(request.url).searchParams;
    const whatIf = parseWhatIf(params);
    if (typeof whatIf === 'string') return jsonError(400, whatIf, { code: 'INVALID_INPUT', field: 'whatIf' });
    let body: unknown = undefined;
    if (options.body) {
      const read = await readJsonBody(request, BODY_LIMIT);
      if (!read.ok) return jsonError(400, read.error, { code: 'INVALID_INPUT' });
      body = read.value;
    }
    const service = createScriptingService(getPinDeps(), getDb(), { actor: caller.actor, context: caller.context });
    try {
      const result = await handler({ service, caller, params, whatIf, body });
      return Response.json(result, { headers: { 'Cache-Control': 'no-store' } });
    } catch (error) {
      if (error instanceof z.ZodError) {
        const { message, fieldErrors } = describeZodError(error);
        return jsonError(400, message, { code: 'INVALID_INPUT', fieldErrors });
      }
      if (error instanceof InputError) return jsonError(400, error.message, { code: 'INVALID_INPUT', ...(error.field ? { field: error.field } : {}) });
      if (error instanceof BadRequest) return jsonError(400, error.message, { code: 'INVALID_INPUT' });
      if (isPinError(error)) return jsonError(statusOfPinError[error.code] ?? 422, error.message, { code: error.code });
      const outage = databaseOutageAnswer(error);
      if (outage) return outage;
      // Name only: the message of an unexpected error could echo input (a PIN).
      console.error(`[api ${name}] unexpected ${error instanceof Error ? error.name : typeof error}`);
      return jsonError(500, 'Something went wrong on the server; nothing was changed. Try again, or ask your administrator to check the server log.', {
        code: 'INTERNAL',
      });
    }
  };
}
