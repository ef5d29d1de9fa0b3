/**
 * Driver adapters for Prisma's client engine (and the CLI's JS schema engine): one per
 * database engine, chosen from DATABASE_URL by databaseTarget().
 */
import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { IsolationLevel, SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';
import type BetterSqlite3 from 'better-sqlite3';
import { databaseLimits, maintenanceDatabaseLimits, type DatabaseLimits } from '../config/database-limits';
import type { DatabaseTarget, PgConnection } from './database-url';
import { pgExecutor, sqliteExecutor, type SqlExecutor, type SqliteQueue } from './executor';

/**
 * How long a SQLite writer waits for another process's write lock when statements are not
 * bounded (migrations, seeding): generous, nobody is waiting on the line. Servers wait only
 * DATABASE_STATEMENT_TIMEOUT_MS: enough, because their writers hold the lock briefly
 * (bench/README.md).
 */
const MAINTENANCE_SQLITE_BUSY_TIMEOUT_MS = 15_000;

/** The longest a transaction may sit between two statements (lib/db's own code runs there, for milliseconds). */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 30_000;

/** How much longer than statement_timeout pg waits for any answer before it gives up on the server. */
const DRIVER_READ_TIMEOUT_MARGIN_MS = 2_000;

/** For the Prisma CLI (migrate): statements unbounded, connecting bounded. */
export function createAdapterFactory(target: DatabaseTarget): SqlMigrationAwareDriverAdapterFactory {
  return createConnection(target, maintenanceDatabaseLimits()).factory;
}

export type PoolStats = { total: number; idle: number; waiting: number; max: number };

export function createConnection(
  target: DatabaseTarget,
  limits: DatabaseLimits = databaseLimits(),
): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** `connect` makes the Prisma client open its connection if it has not yet. */
  executor: (connect: () => Promise<void>) => SqlExecutor;
  /** PostgreSQL: the pool's connections now (for /metrics). */
  poolStats?: () => PoolStats;
} {
  if (target.provider === 'postgresql') {
    const pool = createPgPool(target.pg, limits);
    return {
      factory: new PrismaPg(pool, { disposeExternalPool: true }),
      executor: () => pgExecutor(pool),
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: limits.poolSize }),
    };
  }
  let current: SerializedSqliteAdapter | undefined;
  const busyTimeoutMs = limits.statementTimeoutMs ?? MAINTENANCE_SQLITE_BUSY_TIMEOUT_MS;
  const factory = sqliteAdapterFactory(target.file, busyTimeoutMs, (adapter) => (current = adapter));
  return {
    factory,
    executor: (connect) =>
      sqliteExecutor(async () => {
        if (!current) await connect();
        return current!;
      }),
  };
}

function createPgPool(connection: PgConnection, limits: DatabaseLimits): pg.Pool {
  const pool = new pg.Pool({
    ...connection,
    max: limits.poolSize,
    // Covers both opening a connection and waiting for a free one: a down or frozen server
    // fails the request within this bound (then 503) instead of hanging it.
    connectionTimeoutMillis: limits.connectTimeoutMs,
    ...(limits.statementTimeoutMs === null
      ? {}
      : {
          // The server cancels a statement that runs longer (a slow plan, a lock wait)...
          statement_timeout: limits.statementTimeoutMs,
          // ...but a frozen server (SIGSTOP, a dead network path) cancels nothing: pg then gives
          // up on its own, and pg-pool discards the connection that failed. Later than the
          // server's limit, so a live server's cancel (57014) arrives first and keeps the connection.
          query_timeout: limits.statementTimeoutMs + DRIVER_READ_TIMEOUT_MARGIN_MS,
          // A transaction whose code stalls between statements is ended by the server, so it
          // cannot hold the audit chain's head (and with it every audited write) indefinitely.
          idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
        }),
    // A server that vanished without closing the socket is noticed on idle connections too.
    keepAlive: true,
    // Idle pooled connections must not keep a CLI process (migrate, seed) alive for the
    // 10 s idle timeout after its work is done.
    allowExitOnIdle: true,
  });
  pool.on('connect', reportCatalogTypesAsText);
  return pool;
}

/**
 * PostgreSQL's catalog types `name` and `"char"` (and their arrays) are unknown to the pg
 * adapter, which fails with "Column type 'name' could not be deserialized" when the schema
 * engine reads the catalog during `migrate deploy`. They are text: report them as such.
 */
const CATALOG_TEXT_TYPES = new Map([
  [18, 25], // "char" → text
  [19, 25], // name → text
  [1002, 1009], // "char"[] → text[]
  [1003, 1009], // name[] → text[]
]);

function reportCatalogTypesAsText(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    // pg.Pool#query calls client.query with a callback; the adapter's transactions use promises.
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      return query(...args.slice(0, -1), (error: Error | null, result: pg.QueryResult) => callback(error, error ? result : rewriteCatalogTypes(result)));
    }
    const pending = query(...args);
    return pending instanceof Promise ? pending.then(rewriteCatalogTypes) : pending;
  };
}

function rewriteCatalogTypes(result: pg.QueryResult): pg.QueryResult {
  result.fields?.forEach((field, column) => {
    const textType = CATALOG_TEXT_TYPES.get(field.dataTypeID);
    if (textType === undefined) return;
    field.dataTypeID = textType;
    if (textType !== 1009) return;
    for (const row of result.rows as unknown[][]) {
      if (Array.isArray(row) && typeof row[column] === 'string') row[column] = parseTextArray(row[column] as string);
    }
  });
  return result;
}

// 1009 = text[]; pg's TypeId enum does not name the array types.
const parseTextArray = pg.types.getTypeParser(1009 as never) as (value: string) => string[];

function sqliteAdapterFactory(
  file: string,
  busyTimeoutMs: number,
  onConnect: (adapter: SerializedSqliteAdapter) => void = () => {},
): SqlMigrationAwareDriverAdapterFactory {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // better-sqlite3 waits for a lock synchronously: the whole process stalls for up to this long.
  const inner = new PrismaBetterSQLite3({ url: file, timeout: busyTimeoutMs });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      await adapter.executeScript('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;');
      const serialized = new SerializedSqliteAdapter(adapter);
      onConnect(serialized);
      return serialized;
    },
    async connectToShadowDb() {
      return new SerializedSqliteAdapter(await inner.connectToShadowDb());
    },
  };
}

/**
 * Prisma's better-sqlite3 adapter shares its one connection between transactions and
 * ordinary queries, and guards only transactions with its mutex: a query issued while a
 * transaction is open runs *inside* it and is rolled back with it — a counted PIN failure
 * could be lost that way. This wrapper puts every statement and transaction behind one
 * queue, and opens transactions with BEGIN IMMEDIATE so that writers in several processes
 * wait on SQLite's lock (busy timeout) instead of failing with SQLITE_BUSY on upgrade.
 *
 * It also routes parameterless multi-statement SQL to executeScript: better-sqlite3's
 * prepare() takes one statement only, and the schema engine sends whole migrations.
 */
class SerializedSqliteAdapter implements SqlDriverAdapter, SqliteQueue {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;
  #tail: Promise<void> = Promise.resolve();
  readonly #connection: BetterSqlite3.Database;

  constructor(private readonly inner: SqlDriverAdapter) {
    this.adapterName = inner.adapterName;
    this.#connection = betterSqlite3ConnectionOf(inner);
  }

  /** For lib/db/executor.ts: `fn` gets the connection itself, in its turn in the queue. */
  exclusive<T>(fn: (db: BetterSqlite3.Database) => Promise<T>): Promise<T> {
    return this.#exclusive(() => fn(this.#connection));
  }

  /** Resolves with a release function once every earlier holder has released. */
  #acquire(): Promise<() => void> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    return previous.then(() => release);
  }

  async #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.#acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  queryRaw(query: SqlQuery) {
    return this.#exclusive(() => this.inner.queryRaw(query));
  }

  executeRaw(query: SqlQuery) {
    return this.#exclusive(() => (isMultiStatementScript(query) ? this.inner.executeScript(query.sql).then(() => 0) : this.inner.executeRaw(query)));
  }

  executeScript(script: string) {
    return this.#exclusive(() => this.inner.executeScript(script));
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    if (isolationLevel && isolationLevel !== 'SERIALIZABLE') {
      throw new Error(`SQLite transactions are always SERIALIZABLE; ${isolationLevel} was requested`);
    }
    const release = await this.#acquire();
    const inner = this.inner;
    try {
      await inner.executeScript('BEGIN IMMEDIATE');
    } catch (error) {
      release();
      throw error;
    }
    // With usePhantomQuery false Prisma sends COMMIT / ROLLBACK itself through executeRaw;
    // commit() and rollback() only hand the connection back.
    return {
      provider: 'sqlite',
      adapterName: this.adapterName,
      options: { usePhantomQuery: false },
      queryRaw: (query) => inner.queryRaw(query),
      executeRaw: (query) => inner.executeRaw(query),
      commit: async () => release(),
      rollback: async () => release(),
    };
  }

  getConnectionInfo() {
    return this.inner.getConnectionInfo?.() ?? { supportsRelationJoins: false };
  }

  dispose() {
    return this.#exclusive(() => this.inner.dispose());
  }
}

/**
 * Prisma's adapter keeps its better-sqlite3 connection in a public `client` field that its
 * types do not declare (@prisma/adapter-better-sqlite3 6.19.3, pinned). Checked here, so an
 * upgrade that moves it fails at connect with this message rather than at the first logon.
 */
function betterSqlite3ConnectionOf(adapter: SqlDriverAdapter): BetterSqlite3.Database {
  const client = (adapter as { client?: Partial<BetterSqlite3.Database> }).client;
  if (typeof client?.prepare !== 'function' || typeof client.exec !== 'function') {
    throw new Error(
      'The better-sqlite3 driver adapter no longer exposes its connection as `client`: lib/db/adapters.ts needs updating for this Prisma version.',
    );
  }
  return client as BetterSqlite3.Database;
}

function isMultiStatementScript(query: SqlQuery): boolean {
  if (query.args.length > 0) return false;
  return query.sql.split(';').filter((part) => part.trim() !== '').length > 1;
}
