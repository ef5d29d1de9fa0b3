/**
 * SQL written once for both engines: a tagged template whose `${value}`s become bound
 * parameters and whose nested `sql` fragments are spliced in (sql-template-tag, the library
 * Prisma's own `Prisma.sql` grew from). Only `raw()` puts text into a statement, and only
 * for names and keywords this code chooses, never for input.
 */
import sql, { empty, join, raw, Sql } from 'sql-template-tag';

export { sql, empty, join, raw, Sql };

/**
 * One multi-row INSERT of `rows` into `table` (`columns`: field → column name; a value may be
 * a fragment, e.g. a CAST). Rather than Prisma's createMany, whose query compiler spends more
 * CPU per row than the database does and which splits SQLite inserts into small statements
 * (bench/README.md). Append `RETURNING …` to read the rows back, in VALUES order.
 */
export function insertInto<R>(table: string, columns: { [K in keyof R & string]: string }, rows: readonly R[]): Sql {
  const fields = Object.keys(columns) as (keyof R & string)[];
  const names = fields.map((field) => `"${columns[field]}"`).join(', ');
  return sql`INSERT INTO ${raw(`"${table}"`)} (${raw(names)}) VALUES ${join(rows.map((row) => sql`(${join(fields.map((field) => row[field]))})`))}`;
}
