/**
 * The existing values of a Users filter property, for the value field's suggestions (Control
 * Panel's step 5d drop-down): distinct, non-empty, case-insensitively ordered, at most
 * `limit`, and only those that start with what was typed, ignoring case. "Starts with" means
 * what the search's own Starts with filter means (LIKE on SQLite, ASCII case-insensitive;
 * ILIKE on PostgreSQL), so every suggestion finds users. OUs and PIN policies also match by
 * their short name ("Fin" suggests OU=Finance,… and tag:Finance).
 */
import type { SuggestedFilterProperty } from '../users/filter-value-suggestions';
import { escapeLike } from '../validation/wildcard';
import type { DbHandle } from './client';
import { raw, sql, type Sql } from './sql';

export type FilterValuesQuery = { property: SuggestedFilterProperty; prefix: string; limit: number };

/** User columns whose values are suggested as they are stored. */
const userColumns = { department: 'department', title: 'title', office: 'office', city: 'city' } as const;

export async function listFilterValues({ executor, target }: Pick<DbHandle, 'executor' | 'target'>, query: FilterValuesQuery): Promise<string[]> {
  const postgres = target.provider === 'postgresql';
  const ilike = raw(postgres ? 'ILIKE' : 'LIKE');
  // Code point order on both engines (PostgreSQL's database collation may differ from SQLite's).
  const collate = raw(postgres ? ' COLLATE "C"' : '');
  const pattern = `${escapeLike(query.prefix.trim())}%`;
  const starts = (column: Sql, value = pattern) => sql`${column} ${ilike} ${value} ESCAPE '\\'`;
  const limit = sql` LIMIT ${query.limit}`;
  let statement: Sql;
  switch (query.property) {
    case 'site':
      statement = sql`SELECT s.name AS value FROM site s WHERE ${starts(raw('s.name'))} ORDER BY lower(s.name)${collate}, s.name${collate}${limit}`;
      break;
    case 'ou':
      // Tree order, as the OU preset lists them.
      statement = sql`SELECT o.dn AS value FROM org_unit o WHERE ${starts(raw('o.name'))} OR ${starts(raw('o.dn'))} ORDER BY o.path${collate}${limit}`;
      break;
    case 'pinPolicy':
      // Only per-user policies are granted to users; "Fin" finds tag:Finance.
      statement = sql`SELECT p.identity AS value FROM pin_policy p WHERE p.scope = 'user' AND (${starts(raw('p.identity'))} OR ${starts(raw('p.identity'), `tag:${pattern}`)}) ORDER BY lower(p.identity)${collate}, p.identity${collate}${limit}`;
      break;
    default: {
      const column = raw(`u.${userColumns[query.property]}`);
      statement = sql`SELECT ${column} AS value FROM directory_user u WHERE ${column} <> '' AND ${starts(column)} GROUP BY ${column} ORDER BY lower(${column})${collate}, ${column}${collate}${limit}`;
    }
  }
  const rows = await executor.query<{ value: string }>(statement, { prepared: true });
  return rows.map((row) => row.value);
}
