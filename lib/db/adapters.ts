/**
 * Driver adapters for Prisma's client engine (and the CLI's JS schema engine): one per
 * database engine, chosen from DATABASE_URL by databaseTarget().
 */
import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from '@prisma/driver-adapter-utils';
import type { DatabaseTarget, PgConnection } from './database-url';

/** How long a SQLite writer waits for another process's write lock before failing. */
const SQLITE_BUSY_TIMEOUT_MS = 15_000;

export function createAdapterFactory(target: DatabaseTarget): SqlMigrationAwareDriverAdapterFactory {
  return target.provider === 'sqlite' ? sqliteAdapterFactory(target.file) : pgAdapterFactory(target.pg);
}

function pgAdapterFactory(connection: PgConnection): SqlMigrationAwareDriverAdapterFactory {
  const pool = new pg.Pool({
    ...connection,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    // Fail fast on a down server instead of hanging a request.
    connectionTimeoutMillis: 10_000,
  });
  pool.on('connect', reportCatalogTypesAsText);
  return new PrismaPg(pool, { disposeExternalPool: true });
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
      return query(...args.slice(0, -1), (error: Error | null, result: pg.QueryResult) =>
        callback(error, error ? result : rewriteCatalogTypes(result)),
      );
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

const parseTextArray = pg.types.getTypeParser(1009) as (value: string) => string[];
