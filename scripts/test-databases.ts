/**
 * Throwaway databases for the test suites. PostgreSQL: TEST_POSTGRES_URL names a server
 * and a maintenance database (default postgresql://postgres@127.0.0.1:5432/postgres).
 */
import pg from 'pg';

export const testPostgresUrl = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: testPostgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * TEST_DB_SUFFIX (e.g. `_wt2`) is appended to every throwaway database name, so two checkouts
 * can run their suites against one PostgreSQL server without dropping each other's databases.
 */
const suffix = process.env.TEST_DB_SUFFIX ?? '';

function databaseUrl(name: string): string {
  const url = new URL(testPostgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops (if present) and creates database `name` (plus TEST_DB_SUFFIX); returns its URL. */
export async function freshPostgresDatabase(baseName: string): Promise<string> {
  const name = baseName + suffix;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe database name "${name}"`);
  const client = new pg.Client({ connectionString: testPostgresUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return databaseUrl(name);
}

/**
 * For a benchmark's `…_KEEP=1`: the URL of database `name` (plus TEST_DB_SUFFIX) as the last
 * run left it, when `keep` and it exists; otherwise a fresh one (freshPostgresDatabase).
 */
export async function keptOrFreshPostgresDatabase(baseName: string, keep: boolean): Promise<string> {
  if (!keep) return freshPostgresDatabase(baseName);
  const client = new pg.Client({ connectionString: testPostgresUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [baseName + suffix]);
    if (found.rowCount === 0) return freshPostgresDatabase(baseName);
  } finally {
    await client.end();
  }
  return databaseUrl(baseName + suffix);
}
