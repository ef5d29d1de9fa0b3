/**
 * `sql` fragments inside a Prisma interactive transaction, for the one place that still needs
 * Prisma's transaction around statements of its own: the demo seed, which wipes and refills the
 * directory with Prisma's deleteMany/createMany and multi-row INSERTs all at once. Everything
 * else runs fragments on lib/db/executor.ts. Values go through Prisma's driver adapters, which
 * convert them as the executor does, so the rows read back the same.
 */
import type { Provider } from '../../prisma/providers';
import type { DbTx } from './client';
import type { SqlClient } from './executor';
import type { Sql } from './sql';

export function prismaSqlClient(tx: Pick<DbTx, '$queryRawUnsafe' | '$executeRawUnsafe'>, provider: Provider): SqlClient {
  const text = (statement: Sql) => (provider === 'postgresql' ? statement.text : statement.sql);
  return {
    query: <Row extends Record<string, unknown>>(statement: Sql) => tx.$queryRawUnsafe<Row[]>(text(statement), ...statement.values),
    execute: (statement: Sql) => tx.$executeRawUnsafe(text(statement), ...statement.values),
  };
}
