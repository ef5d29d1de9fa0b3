/**
 * Left only for lib/db/user-search.ts (stream B of issue 20 replaces its statements with `sql`
 * fragments) and the demo seed's Prisma transaction (lib/db/seed/demo-directory.ts, not yet
 * moved to lib/db/executor.ts): delete this file when both have moved. Everything else
 * renders `sql` fragments (lib/db/sql.ts) on lib/db/executor.ts.
 */
import type { Provider } from '../../prisma/providers';

export function bindSql(provider: Provider, sql: string, args: unknown[]): { sql: string; args: unknown[] } {
  if (provider === 'postgresql') return { sql, args };
  const ordered: unknown[] = [];
  const rewritten = sql.replace(/\$(\d+)/g, (_, index: string) => {
    ordered.push(args[Number(index) - 1]);
    return '?';
  });
  return { sql: rewritten, args: ordered };
}

/** The part of Prisma's raw API that insertRows needs. */
export type RawClient = { $executeRawUnsafe(sql: string, ...args: unknown[]): Promise<number>; $queryRawUnsafe<T>(sql: string, ...args: unknown[]): Promise<T> };

/**
 * One multi-row INSERT in a Prisma transaction (the demo seed); elsewhere lib/db/sql.ts's
 * insertInto on lib/db/executor.ts. Values go through the driver adapters' own argument
 * mapping (booleans, BigInt, Date), so the rows read back exactly as Prisma-written ones do.
 * With `returning`, the named column of each inserted row comes back, in VALUES order.
 */
export async function insertRows<R>(
  client: RawClient,
  provider: Provider,
  table: string,
  columns: Record<keyof R & string, string>,
  rows: R[],
  returning?: string,
): Promise<unknown[]> {
  const fields = Object.keys(columns) as (keyof R & string)[];
  const args: unknown[] = [];
  const tuples: string[] = [];
  for (const row of rows) {
    const marks = fields.map((field) => {
      args.push(row[field]);
      return provider === 'sqlite' ? '?' : `$${args.length}`;
    });
    tuples.push(`(${marks.join(',')})`);
  }
  const names = fields.map((field) => `"${columns[field]}"`).join(', ');
  const sql = `INSERT INTO "${table}" (${names}) VALUES ${tuples.join(',')}`;
  if (!returning) {
    await client.$executeRawUnsafe(sql, ...args);
    return [];
  }
  const result = await client.$queryRawUnsafe<Record<string, unknown>[]>(`${sql} RETURNING "${returning}"`, ...args);
  return result.map((row) => row[returning]);
}
