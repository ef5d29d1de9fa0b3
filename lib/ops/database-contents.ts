/**
 * What a database holds, as far as a backup or a restore needs to say: its tables, directory
 * users, audit events and PIN states. Plain driver connections (better-sqlite3, pg), not the
 * Prisma client: these run on copies and on databases that may not be PinDesk's yet.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';

export type DatabaseContents = {
  /** Tables of any kind (PinDesk's, Prisma's migration table, anything else). */
  tables: number;
  /** Null when PinDesk's tables are not there. */
  users: number | null;
  auditEvents: number | null;
  pinStates: number | null;
};

const counted = { users: 'directory_user', auditEvents: 'audit_event', pinStates: 'pin_state' } as const;

export function sqliteContents(db: BetterSqlite3.Database): DatabaseContents {
  const names = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").all() as { name: string }[]).map(
      (r) => r.name,
    ),
  );
  const count = (table: string) => (names.has(table) ? (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n : null);
  return { tables: names.size, users: count(counted.users), auditEvents: count(counted.auditEvents), pinStates: count(counted.pinStates) };
}

export async function postgresContents(client: pg.ClientBase): Promise<DatabaseContents> {
  const { rows } = await client.query<{ tables: string; users: boolean; audit: boolean; pins: boolean }>(
    `SELECT (SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')) AS tables,
            to_regclass('directory_user') IS NOT NULL AS users,
            to_regclass('audit_event') IS NOT NULL AS audit,
            to_regclass('pin_state') IS NOT NULL AS pins`,
  );
  const present = rows[0];
  const count = async (table: string, there: boolean) =>
    there ? Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n) : null;
  return {
    tables: Number(present.tables),
    users: await count(counted.users, present.users),
    auditEvents: await count(counted.auditEvents, present.audit),
    pinStates: await count(counted.pinStates, present.pins),
  };
}

const n = (value: number) => value.toLocaleString('en-US');
const plural = (value: number, one: string, many: string) => `${n(value)} ${value === 1 ? one : many}`;

/** "2,000 users, 15,234 audit events, 1,800 PINs" (or what is there instead). */
export function describeContents(contents: DatabaseContents): string {
  if (contents.users === null || contents.auditEvents === null) {
    return contents.tables === 0 ? 'no tables' : `${plural(contents.tables, 'table', 'tables')}, not PinDesk's`;
  }
  const parts = [plural(contents.users, 'directory user', 'directory users'), plural(contents.auditEvents, 'audit event', 'audit events')];
  if (contents.pinStates !== null) parts.push(plural(contents.pinStates, 'PIN state', 'PIN states'));
  return parts.join(', ');
}

/** Whether a restore may write here without --force: nothing at all, not even an empty schema. */
export const isEmptyDatabase = (contents: DatabaseContents) => contents.tables === 0;

/** Whether the database holds PinDesk's tables (a backup of anything else is refused). */
export const holdsPinDesk = (contents: DatabaseContents) => contents.users !== null && contents.auditEvents !== null;
