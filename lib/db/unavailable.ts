/**
 * Recognises "the database is unavailable" — down, unreachable, frozen, restarting, out of
 * connections, locked by another process past the busy timeout — as opposed to a query that
 * is wrong or data that breaks a rule. Callers answer the first kind with 503 + Retry-After
 * (lib/http/database-unavailable.ts) instead of a generic 500: nothing was judged, nothing
 * was changed, trying again later is the right thing to do.
 *
 * Errors arrive in several shapes, all read here by duck typing (no Prisma import, so the
 * API and action layers can use it): Prisma's errors with a P-code and, for raw queries, the
 * driver adapter's error in `meta.driverAdapterError`; pg's own errors on the logon hot path
 * (lib/db/executor.ts: SQLSTATE codes, socket errors, pg's timeout messages); and
 * better-sqlite3's SqliteError codes. Wrapped errors are followed through `cause`.
 *
 * Node's socket codes (ECONNRESET, EPIPE …) count only inside a database error: a browser that
 * aborts its request body, or another service that refuses a connection, raises the same codes
 * and is no database outage. pg's own errors carry nothing that says "pg", so lib/db's executor
 * marks them (markFromDatabase); Prisma's errors say so by their shape.
 */

import { DATABASE_UNAVAILABLE_DIGEST } from '../http/database-unavailable';
import { noteDatabaseUnavailable } from '../http/request-outage';

/** Prisma's codes for "could not reach / lost / timed out on the server" (prisma.io/docs/orm/reference/error-reference). */
const PRISMA_CODES = new Set([
  'P1001', // can't reach database server
  'P1002', // reached, but timed out
  'P1008', // operation timed out (the adapters' SocketTimeout: pg ETIMEDOUT, SQLITE_BUSY)
  'P1017', // server closed the connection
  // Timed out waiting for a pooled connection: maybe only a busy pool, but the wait was bounded
  // on purpose, and "try again shortly" (503 + Retry-After) is the true answer to it.
  'P2024',
  'P2037', // too many database connections
]);

/** SQLSTATE classes and codes that mean the server cannot serve us now, not that the query is wrong. */
const PG_STATE_CLASSES = ['08']; // connection exception
const PG_STATES = new Set([
  // query_canceled: our statement_timeout fired. Maybe a slow statement or a long lock wait on
  // a live server, not an outage, but the bound is deliberate and 503 + Retry-After is its answer.
  '57014',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '53300', // too_many_connections
  '53100', // disk_full
  '53200', // out_of_memory
]);

/** Socket errors (Node's codes) from the driver's connection to the server. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * better-sqlite3's codes (primary and extended) for a database file that is locked or failing
 * to read or write. Not CANTOPEN or NOTADB: a wrong path or a corrupt file is no passing
 * outage that retrying fixes, and stays a 500 that someone must look at.
 */
const SQLITE_CODE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|PROTOCOL)(_|$)/;

/** The adapters' error kinds (@prisma/driver-adapter-utils) for the same situations. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

/**
 * pg and pg-pool report their own timeouts and dead connections with plain Errors and no code
 * (pg 8.x); Prisma's transaction manager reports a transaction it could not start in time
 * (P2028) only by its message. Matched on these exact phrases.
 */
const MESSAGES = [
  /^Connection terminated/, // pg: the server went away, or connectionTimeoutMillis passed
  /^timeout exceeded when trying to connect/, // pg-pool: no connection within connectionTimeoutMillis
  /^Query read timeout/, // pg: query_timeout passed (a frozen server)
  /is not queryable/, // pg: a client whose connection already failed
  /^Unable to start a transaction in the given time/, // Prisma: transaction maxWait passed
  /^Can't reach database server/, // Prisma P1001's text when the code is lost in a wrapper
];

const MAX_CAUSE_DEPTH = 5;

const FROM_DATABASE = Symbol.for('pindesk.fromDatabase');

/** Marks an error the pg driver raised on lib/db/executor.ts, so its socket codes count (in place; returns it). */
export function markFromDatabase<T>(error: T): T {
  if (error !== null && typeof error === 'object') {
    try {
      Object.defineProperty(error, FROM_DATABASE, { value: true });
    } catch {
      // A frozen error: its socket codes then do not count, its other signs still do.
    }
  }
  return error;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  let inDatabaseError = false;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current !== null && typeof current === 'object'; depth++) {
    const layer = current as Record<string | symbol, unknown>;
    inDatabaseError ||= isDatabaseLayer(layer);
    if (matches(layer, inDatabaseError)) return true;
    current = wrapped(current as { meta?: { driverAdapterError?: unknown }; cause?: unknown });
  }
  return false;
}

/** Prisma's errors (a P-code or clientVersion), the driver adapters' errors, and errors lib/db marked. */
function isDatabaseLayer(error: Record<string | symbol, unknown>): boolean {
  const meta = error.meta as { driverAdapterError?: unknown } | undefined;
  return (
    error[FROM_DATABASE] === true ||
    error.name === 'DriverAdapterError' ||
    meta?.driverAdapterError !== undefined ||
    typeof error.clientVersion === 'string' ||
    (typeof error.code === 'string' && /^P\d{4}$/.test(error.code))
  );
}

/** What an error wraps: Prisma's driver adapter error, a `cause`, or Auth.js's `cause.err`. */
function wrapped(error: { meta?: { driverAdapterError?: unknown }; cause?: unknown }): unknown {
  if (error.meta?.driverAdapterError) return error.meta.driverAdapterError;
  const cause = error.cause as { err?: unknown } | undefined;
  return cause && !(cause instanceof Error) && cause.err instanceof Error ? cause.err : cause;
}

function matches(error: Record<string | symbol, unknown>, inDatabaseError: boolean): boolean {
  if ((error as { digest?: unknown }).digest === DATABASE_UNAVAILABLE_DIGEST) return true;
  for (const code of [error.code, error.originalCode]) {
    if (typeof code !== 'string') continue;
    if (PRISMA_CODES.has(code) || PG_STATES.has(code) || SQLITE_CODE.test(code)) return true;
    if (inDatabaseError && SOCKET_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && PG_STATE_CLASSES.includes(code.slice(0, 2))) return true;
  }
  if (typeof error.kind === 'string' && ADAPTER_KINDS.has(error.kind)) return true;
  if (error.kind === 'postgres' || error.kind === 'sqlite') {
    // The adapter's generic kinds carry the driver's own code.
    return matches({ code: error.code, originalCode: error.originalCode }, true);
  }
  return typeof error.message === 'string' && MESSAGES.some((pattern) => pattern.test(error.message as string));
}

/**
 * Stamps the error page's digest (lib/http/database-unavailable.ts) on a database-unavailable
 * error (in place, its class kept) and notes the outage in the request's scope, so the
 * production server answers 503 (lib/http/request-outage.ts). Returns the error.
 */
export function markIfDatabaseUnavailable<T>(error: T): T {
  if (error instanceof Error && isDatabaseUnavailable(error)) {
    noteDatabaseUnavailable();
    try {
      (error as Error & { digest?: string }).digest = DATABASE_UNAVAILABLE_DIGEST;
    } catch {
      // A frozen error object: it is still recognised by isDatabaseUnavailable.
    }
  }
  return error;
}
