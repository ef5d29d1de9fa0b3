/**
 * A direct line to the database for the PIN logon hot path (lookup, failure counter, rate
 * counter, the audit's group commit), below Prisma's client engine, whose query compilation
 * and interactive-transaction bookkeeping cost several times the statements themselves
 * (bench/pin-logon.ts, bench/logon-http.ts). It shares the Prisma client's connections: on
 * SQLite the same serialized connection (lib/db/adapters.ts), so it never runs inside or
 * beside a Prisma transaction; on PostgreSQL the same pool.
 *
 * Statements are prepared once and reused: on SQLite from a per-connection cache, on
 * PostgreSQL as named prepared statements (pg keeps them per connection) — except inside
 * transactions, whose shared helpers write texts that vary with the batch.
 */
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import type { RawClient } from './raw-sql';
import { markFromDatabase } from './unavailable';

export type DirectSql = {
  /**
   * One statement, committed on its own. `$1, $2 …` placeholders on both engines. Prepared
   * once per connection: its text must not vary with the data (pass arrays instead).
   */
  query<T extends Record<string, unknown>>(sql: string, args: unknown[]): Promise<T[]>;
  /**
   * Statements on one connection in one transaction, committed when `fn` resolves and rolled
   * back when it throws. `tx` takes the engine's own placeholders, like Prisma's raw API, so
   * lib/db's shared SQL helpers (insertRows, appendChained) run on it unchanged. On SQLite the
   * transaction is BEGIN IMMEDIATE and holds the connection: `fn` must await only `tx`.
   */
  transaction<T>(fn: (tx: RawClient) => Promise<T>): Promise<T>;
};

/** The serialized SQLite connection's queue, as lib/db/adapters.ts offers it. */
export type SqliteQueue = {
  exclusive<T>(fn: (db: BetterSqlite3.Database) => Promise<T>): Promise<T>;
};

/** Statements kept per connection; SQL texts beyond this (audit batches of many sizes) start over. */
const STATEMENT_CACHE_SIZE = 500;

export function sqliteDirectSql(queue: () => Promise<SqliteQueue>): DirectSql {
  const caches = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();
  const portable = new Map<string, { sql: string; order: number[] }>();

  function statement(db: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
    let cache = caches.get(db);
    if (!cache) caches.set(db, (cache = new Map()));
    let prepared = cache.get(sql);
    if (!prepared) {
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
      // Numbers, not BigInt: the connection reads safe integers for Prisma's sake; every
      // integer here (epoch milliseconds, counters, row ids) fits a double exactly.
      prepared = db.prepare(sql).safeIntegers(false);
      cache.set(sql, prepared);
    }
    return prepared;
  }

  function run<T>(db: BetterSqlite3.Database, sql: string, args: unknown[]): T[] {
    const prepared = statement(db, sql);
    const values = args.map(toSqliteValue);
    if (prepared.reader) return prepared.all(...values) as T[];
    prepared.run(...values);
    return [];
  }

  /** `$n` → `?` with the arguments in order, worked out once per SQL text. */
  function fromPortable(sql: string, args: unknown[]): { sql: string; args: unknown[] } {
    let rewrite = portable.get(sql);
    if (!rewrite) {
      const order: number[] = [];
      const text = sql.replace(/\$(\d+)/g, (_, index: string) => {
        order.push(Number(index) - 1);
        return '?';
      });
      portable.set(sql, (rewrite = { sql: text, order }));
    }
    return { sql: rewrite.sql, args: rewrite.order.map((i) => args[i]) };
  }

  const rawClient = (db: BetterSqlite3.Database): RawClient => ({
    async $queryRawUnsafe<T>(sql: string, ...args: unknown[]) {
      return run(db, sql, args) as T;
    },
    async $executeRawUnsafe(sql: string, ...args: unknown[]) {
      const prepared = statement(db, sql);
      return prepared.reader ? prepared.all(...args.map(toSqliteValue)).length : prepared.run(...args.map(toSqliteValue)).changes;
    },
  });

  return {
    async query<T extends Record<string, unknown>>(sql: string, args: unknown[]) {
      const bound = fromPortable(sql, args);
      return (await queue()).exclusive(async (db) => run<T>(db, bound.sql, bound.args));
    },
    async transaction<T>(fn: (tx: RawClient) => Promise<T>) {
      return (await queue()).exclusive(async (db) => {
        statement(db, 'BEGIN IMMEDIATE').run();
        try {
          const result = await fn(rawClient(db));
          statement(db, 'COMMIT').run();
          return result;
        } catch (error) {
          if (db.inTransaction) statement(db, 'ROLLBACK').run();
          throw error;
        }
      });
    },
  };
}

/** As Prisma's better-sqlite3 adapter stores them, so rows read back the same either way. */
export function toSqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

export function pgDirectSql(pool: pg.Pool): DirectSql {
  const names = new Map<string, string>();
  const prepared = (text: string, args: unknown[]): pg.QueryConfig => {
    let name = names.get(text);
    if (!name) {
      name = `pindesk_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      names.set(text, name);
    }
    return { name, text, values: args.map(toPgValue) };
  };
  // Unnamed here: transactions run shared helpers whose text varies with the batch
  // (insertRows), and pg would keep every named variant on every connection for good.
  const unnamed = (text: string, args: unknown[]): pg.QueryConfig => ({ text, values: args.map(toPgValue) });
  // pg's socket errors look like any other socket's: marked, so they read as a database outage
  // (lib/db/unavailable.ts) and an aborted HTTP request elsewhere does not.
  const fromDb = <T>(pending: Promise<T>): Promise<T> =>
    pending.catch((error: unknown) => {
      throw markFromDatabase(error);
    });
  const rawClient = (client: pg.PoolClient): RawClient => ({
    async $queryRawUnsafe<T>(sql: string, ...args: unknown[]) {
      return (await fromDb(client.query(unnamed(sql, args)))).rows as T;
    },
    async $executeRawUnsafe(sql: string, ...args: unknown[]) {
      return (await fromDb(client.query(unnamed(sql, args)))).rowCount ?? 0;
    },
  });
  return {
    // Named, so PostgreSQL plans each once per connection: only texts that do not vary with
    // the data may come here (the logon path's statements; audit batches travel as arrays).
    async query<T extends Record<string, unknown>>(sql: string, args: unknown[]) {
      return (await fromDb(pool.query<T>(prepared(sql, args)))).rows;
    },
    async transaction<T>(fn: (tx: RawClient) => Promise<T>) {
      const client = await fromDb(pool.connect());
      let broken: Error | undefined;
      // pg-pool stops listening for a checked-out client's errors: a backend that dies now
      // must not become an uncaught exception, and the client must not go back to the pool.
      const onError = (error: Error) => (broken = error);
      client.on('error', onError);
      try {
        await fromDb(client.query('BEGIN'));
        try {
          const result = await fn(rawClient(client));
          await fromDb(client.query('COMMIT'));
          return result;
        } catch (error) {
          // A connection that cannot even roll back is not handed to the next caller.
          await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
          throw error;
        }
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
  };
}

/**
 * As Prisma's pg adapter sends them: a Date as UTC wall time for `timestamp(3)` columns (pg's
 * own conversion would use the server process's time zone), a BigInt as its digits.
 */
export function toPgValue(value: unknown): unknown {
  if (value instanceof Date) return pgTimestamp(value);
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** A `timestamp(3)` value as Prisma's pg adapter writes it: UTC wall time. */
export function pgTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
