/**
 * Where the database is: DATABASE_URL when set, else the embedded SQLite file under data/.
 * Imports nothing from Prisma so that configs and scripts can use it cheaply.
 */
import path from 'node:path';
import { providerFromUrl, type Provider } from '../../prisma/providers';

import { projectRoot } from '../config/project-root';

export const defaultSqliteFile = () => path.join(projectRoot(), 'data', 'pindesk.db');

export type DatabaseTarget = { provider: 'sqlite'; url: string; file: string } | { provider: 'postgresql'; url: string; pg: PgConnection };

export type PgConnection = {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
  ssl?: boolean;
};

export function databaseTarget(url = process.env.DATABASE_URL): DatabaseTarget {
  const provider: Provider = providerFromUrl(url || undefined);
  if (provider === 'sqlite') {
    const file = url ? path.resolve(url.replace(/^file:/, '')) : defaultSqliteFile();
    return { provider, url: `file:${file}`, file };
  }
  return { provider, url: url!, pg: parsePgUrl(url!) };
}

/**
 * The pg adapter is given discrete fields rather than the URL: the schema engine's shadow
 * database logic rewrites connection parameters and loses some of them from a URL
 * (../shared/STACK.md).
 */
function parsePgUrl(url: string): PgConnection {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('DATABASE_URL is not a valid URL; expected postgresql://user[:password]@host[:port]/database');
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new Error('DATABASE_URL names no database; expected postgresql://user@host:5432/database');
  const sslmode = parsed.searchParams.get('sslmode');
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || process.env.PGUSER || 'postgres',
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database,
    ssl: sslmode !== null && sslmode !== 'disable' ? true : undefined,
  };
}
