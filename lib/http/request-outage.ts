/**
 * Lets the production server (server.ts) answer 503 + Retry-After, not 500, when a page or
 * route failed because the database is unavailable. Next.js renders the error page (and a
 * route's bare 500) itself and never hands the error back; what it does not hide is the
 * request's async context. lib/db marks such errors (markIfDatabaseUnavailable), which notes
 * it in the request's scope here; the server rewrites a 500 it then sends.
 *
 * The store is a process singleton: server.ts and Next.js's server bundles load their own copies
 * of this module, and they must share one AsyncLocalStorage.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerResponse } from 'node:http';
import { processSingleton } from '../runtime/process-singleton';
import { DATABASE_RETRY_AFTER_SECONDS } from './database-unavailable';

type Scope = { databaseUnavailable: boolean };

function storage(): AsyncLocalStorage<Scope> {
  return processSingleton('requestOutageScope', () => new AsyncLocalStorage<Scope>());
}

/** Called where a database-unavailable error is recognised: marks the current request, if any. */
export function noteDatabaseUnavailable(): void {
  const scope = storage().getStore();
  if (scope) scope.databaseUnavailable = true;
}

/**
 * Runs `serve` in a scope of its own; a 500 it writes after the database was found
 * unavailable goes out as 503 with Retry-After. Node writes every status line through
 * writeHead (also an implicit one), so that is the one place to look.
 */
export function serveWithOutageStatus<T>(response: ServerResponse, serve: () => T): T {
  const scope: Scope = { databaseUnavailable: false };
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
  (response as { writeHead: unknown }).writeHead = (status: number, ...rest: unknown[]) => {
    if (status !== 500 || !scope.databaseUnavailable) return writeHead(status, ...rest);
    response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    response.statusMessage = 'Service Unavailable';
    // A reason phrase among the arguments would say "Internal Server Error": keep only the headers.
    const headers = rest.find((arg) => typeof arg === 'object' && arg !== null);
    return headers ? writeHead(503, headers) : writeHead(503);
  };
  return storage().run(scope, serve);
}
