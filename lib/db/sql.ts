/**
 * SQL written once for both engines: a tagged template whose `${value}`s become bound
 * parameters and whose nested `sql` fragments are spliced in (sql-template-tag, the library
 * Prisma's own `Prisma.sql` grew from). Only `raw()` puts text into a statement, and only
 * for names and keywords this code chooses, never for input.
 */
import sql, { empty, join, raw, Sql } from 'sql-template-tag';
import type { Provider } from '../../prisma/providers';

export { sql, empty, join, raw, Sql };

/** The statement text with the engine's placeholders (`$1…` on PostgreSQL, `?` on SQLite) and its values in order. */
export function render(query: Sql, provider: Provider): { text: string; values: unknown[] } {
  return { text: provider === 'postgresql' ? query.text : query.sql, values: query.values };
}
