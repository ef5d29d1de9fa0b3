/**
 * Calls a Next.js route handler in this process, the way Next.js does: inside a request
 * scope (`headers()` reads this request's headers), with the real authentication (an API
 * token in the database), permission checks, database and audit trail. Only the scope is
 * built here, from Next's own request-store factory; nothing of the handler is replaced.
 */
import { AfterContext } from 'next/dist/server/after/after-context.js';
import { workAsyncStorage } from 'next/dist/server/app-render/work-async-storage.external.js';
import { workUnitAsyncStorage } from 'next/dist/server/app-render/work-unit-async-storage.external.js';
import { createRequestStoreForAPI } from 'next/dist/server/async-storage/request-store.js';
import { createApiToken } from '../../lib/db/api-tokens';
import { admin, createUser, db, handle } from './helpers';

export type RouteHandler<P = undefined> = (request: Request, context: P) => Promise<Response>;

export async function callRoute<P>(handler: RouteHandler<P>, request: Request, context?: P): Promise<Response> {
  const url = new URL(request.url);
  // What Next.js's server adds to every request before a route sees it (Auth.js reads them).
  const headers: Record<string, string> = { host: url.host, 'x-forwarded-host': url.host, 'x-forwarded-proto': url.protocol.replace(/:$/, '') };
  request.headers.forEach((value, name) => (headers[name] = value));
  const requestStore = createRequestStoreForAPI(
    { headers } as never,
    { pathname: url.pathname, search: url.search },
    { tags: [], expirationsByCacheKind: new Map() } as never,
    undefined,
    { previewModeId: 'test', previewModeEncryptionKey: 'test', previewModeSigningKey: 'test' },
    undefined,
  );
  // revalidatePath() only records its tags on the work store (the server applies them after
  // the response); it needs an incremental cache to be present, not to do anything here.
  // after() tasks run once the response is closed, as in Next's server: here once the whole
  // body has been read (a delivered response; a dropped client needs a real server).
  const closed: (() => void)[] = [];
  const tasks: Promise<unknown>[] = [];
  const taskErrors: unknown[] = [];
  const afterContext = new AfterContext({
    waitUntil: (task: Promise<unknown>) => tasks.push(task),
    onClose: (callback: () => void) => closed.push(callback),
    onTaskError: (error: unknown) => taskErrors.push(error),
  });
  const workStore = {
    route: url.pathname,
    page: url.pathname,
    forceStatic: false,
    dynamicShouldError: false,
    isStaticGeneration: false,
    incrementalCache: {},
    afterContext,
  } as never;
  const response = await workAsyncStorage.run(workStore, () => workUnitAsyncStorage.run(requestStore, () => handler(request, context as P)));
  if (tasks.length === 0) return response; // no after() task: nothing waits for the close
  const body = await response.arrayBuffer();
  for (const callback of closed) callback();
  await Promise.all(tasks);
  if (taskErrors.length) throw taskErrors[0];
  return new Response(response.body ? body : null, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** A directory user holding `roles`, and a personal API token of theirs. */
export async function tokenFor(roles: string[]): Promise<{ userId: string; token: string }> {
  const user = await createUser();
  for (const role of roles) await db.roleAssignment.create({ data: { userId: user.id, role } });
  const { secret } = await createApiToken(handle, { ownerId: user.id, name: `harness ${roles.join(',')}`, expiresAt: null }, { actor: admin });
  return { userId: user.id, token: secret };
}

export function apiRequest(token: string, method: string, pathAndQuery: string, body?: unknown): Request {
  return new Request(`http://pindesk.test${pathAndQuery}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/**
 * A signed-in administrator's session cookie, as Auth.js itself writes it (a JWT encrypted
 * with AUTH_SECRET carrying the user id), for calling server actions as that user.
 */
export async function sessionCookieFor(roles: string[]): Promise<{ userId: string; cookie: string }> {
  const { encode } = await import('next-auth/jwt');
  const user = await createUser();
  for (const role of roles) await db.roleAssignment.create({ data: { userId: user.id, role } });
  const salt = 'authjs.session-token';
  const jwt = await encode({ token: { sub: user.id }, secret: process.env.AUTH_SECRET!, salt });
  return { userId: user.id, cookie: `${salt}=${jwt}` };
}

/** Calls a server action the way a browser's POST reaches it: in a request scope carrying the session cookie. */
export async function callAction<T>(cookie: string, action: (input: unknown) => Promise<T>, input: unknown): Promise<T> {
  const request = new Request('http://pindesk.test/', { method: 'POST', headers: { cookie, 'next-action': 'test' } });
  let result: T | undefined;
  await callRoute(async () => {
    result = await action(input);
    return new Response(null);
  }, request);
  return result as T;
}
