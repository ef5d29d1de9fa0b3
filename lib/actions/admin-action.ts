import 'server-only';
/**
 * The one wrapper every server action goes through: authenticate → authorize → validate →
 * act → return a typed result. Server actions are public endpoints: hiding a button is not
 * a check, this is. Refusals are audited; unexpected errors are logged by name only and the
 * browser gets a generic message (never a raw database error or a stack). While the database
 * is unavailable the form says so, whichever step (session, audit, the change) met it.
 */
import { z } from 'zod';
import { logDatabaseUnavailable } from '../db/outage-log';
import { isDatabaseUnavailable } from '../db/unavailable';
import { DATABASE_UNAVAILABLE_MESSAGE } from '../http/database-unavailable';
import { isPinError } from '../pin/errors';
import { getPinDeps } from '../server/pin-deps';
import type { Permission } from '../auth/permissions';
import { getSessionUser, requestContext, type SessionUser } from '../auth/session';
import type { Actor, RequestContext } from '../pin/types';
import { findUnstorableText, unstorableCharacterMessage } from '../validation/text';
import { ActionError, type ActionResult } from './result';

export type ActionContext = { user: SessionUser; actor: Actor; context: RequestContext };

/** Plain objects pass through; FormData becomes an object (repeated keys become arrays). */
function toInput(input: unknown): unknown {
  if (!(input instanceof FormData)) return input;
  const out: Record<string, unknown> = {};
  for (const key of new Set(input.keys())) {
    if (key.startsWith('$ACTION')) continue;
    const values = input.getAll(key).map((v) => (typeof v === 'string' ? v : ''));
    out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}

export function describeZodError(error: z.ZodError): { message: string; fieldErrors: Record<string, string[]> } {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'form';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const message = error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join(' ');
  return { message, fieldErrors };
}

/** A permission, 'self' (any signed-in user), or the permission an input needs (checked after validation). */
type Guard<I = never> = Permission | 'self' | ((input: I) => Permission);

async function run<S extends z.ZodType, T>(
  guard: Guard<z.output<S>>,
  actionName: string,
  schema: S,
  rawInput: unknown,
  fn: (input: z.output<S>, ctx: ActionContext) => Promise<T>,
): Promise<ActionResult<T>> {
  try {
    return await checkAndRun(guard, actionName, schema, rawInput, fn);
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    return databaseUnavailable(actionName, error);
  }
}

function databaseUnavailable(actionName: string, error: unknown): { ok: false; code: 'DATABASE_UNAVAILABLE'; message: string } {
  logDatabaseUnavailable(`action ${actionName}`, error);
  return { ok: false, code: 'DATABASE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE };
}

async function checkAndRun<S extends z.ZodType, T>(
  guard: Guard<z.output<S>>,
  actionName: string,
  schema: S,
  rawInput: unknown,
  fn: (input: z.output<S>, ctx: ActionContext) => Promise<T>,
): Promise<ActionResult<T>> {
  const user = await getSessionUser();
  if (!user) return { ok: false, code: 'UNAUTHENTICATED', message: 'Your session has ended. Sign in again.' };
  const context = await requestContext();
  const actor: Actor = { type: 'user', id: user.id, name: user.displayName };
  const refuse = async (permission: Permission): Promise<ActionResult<T>> => {
    await getPinDeps().store.appendAudit({
      at: Date.now(),
      actor,
      action: 'authorization.denied',
      target: { type: 'action', id: actionName, name: actionName },
      context,
      outcome: 'denied',
      details: { permission, roles: user.roles },
    });
    return { ok: false, code: 'FORBIDDEN', message: `Your role (${user.roles.join(', ') || 'none'}) does not allow this action.` };
  };
  if (typeof guard === 'string' && guard !== 'self' && !user.permissions.has(guard)) return refuse(guard);
  const input = toInput(rawInput);
  const nulAt = findUnstorableText(input);
  if (nulAt !== null) {
    const message = unstorableCharacterMessage(nulAt || 'The input');
    return { ok: false, code: 'INVALID_INPUT', message, fieldErrors: { [nulAt || 'form']: [message] } };
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'INVALID_INPUT', ...describeZodError(parsed.error) };
  if (typeof guard === 'function' && !user.permissions.has(guard(parsed.data))) return refuse(guard(parsed.data));
  try {
    return { ok: true, data: await fn(parsed.data, { user, actor, context }) };
  } catch (error) {
    if (error instanceof ActionError)
      return { ok: false, code: error.code, message: error.message, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) };
    if (isPinError(error)) {
      const fieldErrors = (error.details.fieldErrors as { field: string; message: string }[] | undefined)?.reduce<Record<string, string[]>>(
        (acc, e) => ({ ...acc, [e.field]: [...(acc[e.field] ?? []), e.message] }),
        {},
      );
      return { ok: false, code: error.code, message: error.message, ...(fieldErrors ? { fieldErrors } : {}) };
    }
    if (isDatabaseUnavailable(error)) return databaseUnavailable(actionName, error);
    // Name and message only: no arguments (which may hold a PIN) and no stack in the log line.
    console.error(`[action ${actionName}] unexpected ${error instanceof Error ? `${error.name}: ${error.message}` : typeof error}`);
    return {
      ok: false,
      code: 'INTERNAL',
      message: 'Something went wrong on the server; nothing was changed. Try again, or ask your administrator to check the server log.',
    };
  }
}

/** A server action for administrators holding `permission`. */
export function adminAction<S extends z.ZodType, T>(
  permission: Permission,
  actionName: string,
  schema: S,
  fn: (input: z.output<S>, ctx: ActionContext) => Promise<T>,
) {
  return (input: unknown) => run(permission, actionName, schema, input, fn);
}

/**
 * A server action whose permission depends on its input (a bulk job needs pin.write to set
 * PINs but pin.lock to lock them); the input is validated before the permission is checked.
 */
export function adminActionFor<S extends z.ZodType, T>(
  permissionOf: (input: z.output<S>) => Permission,
  actionName: string,
  schema: S,
  fn: (input: z.output<S>, ctx: ActionContext) => Promise<T>,
) {
  return (input: unknown) => run(permissionOf, actionName, schema, input, fn);
}

/** A server action any signed-in user may run on their own account (the user comes from the session). */
export function selfServiceAction<S extends z.ZodType, T>(actionName: string, schema: S, fn: (input: z.output<S>, ctx: ActionContext) => Promise<T>) {
  return (input: unknown) => run('self', actionName, schema, input, fn);
}
