/**
 * Raw SQL that must run the same on both engines. Statements are written once with
 * PostgreSQL's numbered parameters ($1, $2, …); for SQLite they are rewritten to anonymous
 * `?` with the arguments repeated in order, which better-sqlite3 binds reliably.
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
