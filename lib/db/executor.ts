/**
 * The one way lib/db runs SQL of its own: `sql` fragments (lib/db/sql.ts) on the driver
 * connections that the Prisma client also uses (lib/db/adapters.ts), below Prisma's client
 * engine, whose query compilation and interactive-transaction bookkeeping cost more than the
 * statements themselves on the hot paths (bench/README.md). On SQLite it takes its turn on
 * the same serialized connection, so it never runs inside or beside a Prisma transaction; on
 * PostgreSQL it draws from the same pool.
 *
 * The same `query` / `execute` run alone or inside `transaction`, so lib/db's SQL helpers
 * work either way. Values are converted to what each driver stores exactly as Prisma's
 * adapters do (toSqliteValue, toPgValue), so rows read back the same whoever wrote them.
 * Reads are not converted back: lib/db's statements read numbers and text only (times are
 * epoch-millisecond BIGINTs); a DateTime column read here would come back as the driver's
 * own value (pg: local-time Date, SQLite: text), so read those through Prisma.
 * Errors that mean the database is unavailable are marked as lib/db/client.ts marks Prisma's,
 * so a page that fails on one says so (and the server answers 503) whichever way it read.
 */
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import type { Sql } from './sql';
import { markFromDatabase, markIfDatabaseUnavailable } from './unavailable';

export type StatementOptions = {
  /**
   * The statement's text never varies with the data (only its values do; lists travel as
   * arrays): PostgreSQL then keeps it as a named prepared statement on each connection and
   * plans it once. Leave it unset for texts that vary (IN lists, multi-row inserts): pg would
   * keep every variant on every connection for good. SQLite caches every text per connection.
   */
  prepared?: boolean;
};

/** Statements on one connection: alone (each commits on its own) or in a transaction. */
export type SqlClient = {
  /** The rows the statement returns (a SELECT, or a write with RETURNING). */
  query<Row extends Record<string, unknown>>(statement: Sql, options?: StatementOptions): Promise<Row[]>;
  /** A write; returns the number of rows it changed (or returned, with RETURNING). */
  execute(statement: Sql, options?: StatementOptions): Promise<number>;
};

export type SqlExecutor = SqlClient & {
  /**
   * Runs `fn`'s statements in one transaction on one connection: committed when `fn`
   * resolves, rolled back when it throws. On SQLite the transaction is BEGIN IMMEDIATE (writers
   * in other processes wait on the busy timeout instead of failing on upgrade) and holds the
   * connection: `fn` must not wait for other statements of this process outside `tx`.
   */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
};

/** The serialized SQLite connection's queue, as lib/db/adapters.ts offers it. */
export type SqliteQueue = {
  exclusive<T>(fn: (db: BetterSqlite3.Database) => Promise<T>): Promise<T>;
};

/** Statements kept per connection; texts beyond this (batches of many sizes) start the cache over. */
const STATEMENT_CACHE_SIZE = 500;

export function sqliteExecutor(queue: () => Promise<SqliteQueue>): SqlExecutor {
  const caches = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

  function statement(db: BetterSqlite3.Database, text: string): BetterSqlite3.Statement {
    let cache = caches.get(db);
    if (!cache) caches.set(db, (cache = new Map()));
    let prepared = cache.get(text);
    if (!prepared) {
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
      // Numbers, not BigInt: the connection reads safe integers for Prisma's sake; every
      // integer lib/db reads this way (epoch milliseconds, counters, row ids) fits a double.
      prepared = db.prepare(text).safeIntegers(false);
      cache.set(text, prepared);
    }
    return prepared;
  }

  const on = (db: BetterSqlite3.Database): SqlClient => ({
    async query<Row extends Record<string, unknown>>(query: Sql) {
      const prepared = statement(db, query.sql);
      const values = query.values.map(toSqliteValue);
      if (prepared.reader) return prepared.all(...values) as Row[];
      prepared.run(...values);
      return [];
    },
    async execute(query: Sql) {
      const prepared = statement(db, query.sql);
      const values = query.values.map(toSqliteValue);
      return prepared.reader ? prepared.all(...values).length : prepared.run(...values).changes;
    },
  });

  return markingUnavailable({
    async query<Row extends Record<string, unknown>>(query: Sql) {
      return (await queue()).exclusive((db) => on(db).query<Row>(query));
    },
    async execute(query: Sql) {
      return (await queue()).exclusive((db) => on(db).execute(query));
    },
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>) {
      return (await queue()).exclusive(async (db) => {
        statement(db, 'BEGIN IMMEDIATE').run();
        try {
          const result = await fn(on(db));
          statement(db, 'COMMIT').run();
          return result;
        } catch (error) {
          if (db.inTransaction) statement(db, 'ROLLBACK').run();
          throw error;
        }
      });
    },
  });
}

/** better-sqlite3 throws its errors as they are: marked here, for the statements and transactions alike. */
function markingUnavailable(executor: SqlExecutor): SqlExecutor {
  const marked = <T>(pending: Promise<T>): Promise<T> =>
    pending.catch((error: unknown) => {
      throw markIfDatabaseUnavailable(error);
    });
  return {
    query<Row extends Record<string, unknown>>(query: Sql, options?: StatementOptions) {
      return marked(executor.query<Row>(query, options));
    },
    execute(query: Sql, options?: StatementOptions) {
      return marked(executor.execute(query, options));
    },
    transaction<T>(fn: (tx: SqlClient) => Promise<T>) {
      return marked(executor.transaction(fn));
    },
  };
}

/** As Prisma's better-sqlite3 adapter stores them, so rows read back the same either way. */
export function toSqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

export function pgExecutor(pool: pg.Pool): SqlExecutor {
  const names = new Map<string, string>();
  const config = (query: Sql, options?: StatementOptions): pg.QueryConfig => {
    const text = query.text;
    const values = query.values.map(toPgValue);
    if (!options?.prepared) return { text, values };
    let name = names.get(text);
    if (!name) {
      name = `pindesk_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      names.set(text, name);
    }
    return { name, text, values };
  };
  // pg's socket errors look like any other socket's: marked, so they read as a database outage
  // (lib/db/unavailable.ts) and an aborted HTTP request elsewhere does not.
  const fromDb = <T>(pending: Promise<T>): Promise<T> =>
    pending.catch((error: unknown) => {
      throw markIfDatabaseUnavailable(markFromDatabase(error));
    });
  const on = (client: pg.Pool | pg.PoolClient): SqlClient => ({
    async query<Row extends Record<string, unknown>>(query: Sql, options?: StatementOptions) {
      return (await fromDb(client.query<Row>(config(query, options)))).rows;
    },
    async execute(query: Sql, options?: StatementOptions) {
      return (await fromDb(client.query(config(query, options)))).rowCount ?? 0;
    },
  });
  return {
    ...on(pool),
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>) {
      const client = await fromDb(pool.connect());
      let broken: Error | undefined;
      // pg-pool stops listening for a checked-out client's errors: a backend that dies now
      // must not become an uncaught exception, and the client must not go back to the pool.
      const onError = (error: Error) => (broken = error);
      client.on('error', onError);
      try {
        await fromDb(client.query('BEGIN'));
        try {
          const result = await fn(on(client));
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
 * own conversion would use the server process's time zone), a BigInt as its digits; arrays
 * (PostgreSQL's unnest of a batch) element by element.
 */
export function toPgValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toPgValue);
  return value;
}
