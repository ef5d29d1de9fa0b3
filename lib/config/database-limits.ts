/**
 * How long PinDesk waits for its database, from the environment, validated at start (a typo
 * must not silently mean "wait forever"). The bounds exist for outages: a frozen or
 * unreachable server must cost a conferencing bridge a few seconds and a clear 503, not a
 * request hung until some far-off default (lib/db/adapters.ts applies them).
 */
import { wholeNumberSetting } from './whole-number-setting';

export type DatabaseLimits = {
  /** Opening a connection, and waiting for a free one in the pool (PostgreSQL). */
  connectTimeoutMs: number;
  /**
   * One statement: PostgreSQL's statement_timeout (the driver's own read timeout, for a frozen
   * server that cancels nothing itself, is 2 s longer); on SQLite, how long a statement waits for another
   * process's lock (busy timeout). null: unbounded, for migrations and seeding only.
   */
  statementTimeoutMs: number | null;
  /** PostgreSQL connections per process. */
  poolSize: number;
};

// Opening a connection is rare (the pool keeps them) but slow on a loaded host (bench/README.md).
// Statements on a warm pool are what a bridge waits on.
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 3_000;
const DEFAULT_POOL_SIZE = 10;

/** The app's limits: servers, the job worker, the CLI. */
export function databaseLimits(env: Record<string, string | undefined> = process.env): DatabaseLimits {
  return {
    connectTimeoutMs: wholeNumberSetting(env, 'DATABASE_CONNECT_TIMEOUT_MS', 100, 60_000, DEFAULT_CONNECT_TIMEOUT_MS),
    statementTimeoutMs: wholeNumberSetting(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 100, 600_000, DEFAULT_STATEMENT_TIMEOUT_MS),
    poolSize: wholeNumberSetting(env, 'DATABASE_POOL_SIZE', 1, 1_000, DEFAULT_POOL_SIZE),
  };
}

/** Migrations and seeding: long statements are expected and nobody is waiting on the line. */
export function maintenanceDatabaseLimits(env: Record<string, string | undefined> = process.env): DatabaseLimits {
  return { ...databaseLimits(env), statementTimeoutMs: null };
}
