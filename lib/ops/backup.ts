/**
 * `npm run db:backup`: a consistent copy of the database DATABASE_URL names, taken while the
 * server keeps serving. SQLite: the online backup API in one step (one read snapshot, so
 * writers are never blocked under WAL and the copy never restarts), integrity-checked.
 * PostgreSQL: pg_dump's custom format in a snapshot the counts are read from too. Either way
 * the copy is written under a temporary name beside the destination and renamed when complete.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseTarget } from '../db/database-url';
import { checkBackupDestination, createPrivateFile, removeQuietly, temporaryPathNextTo } from './backup-file';
import { describeContents, holdsPinDesk, postgresContents, sqliteContents, type DatabaseContents } from './database-contents';
import { OpsError } from './ops-error';
import { checkedPgTool, pgToolConnection, redactPassword, runPgTool, serverMajorVersion } from './postgres-client';

export type BackupReport = { engine: DatabaseTarget['provider']; file: string; bytes: number; contents: DatabaseContents; check: string };

/** better-sqlite3 copies this many pages per step at most: all of them, in one snapshot. */
const ALL_PAGES = 0x7fffffff;
/** How long opening the live SQLite file may wait for a writer's lock (a backup reads, it does not hurry anyone). */
const SQLITE_BUSY_TIMEOUT_MS = 15_000;

export async function backupDatabase(options: { target: DatabaseTarget; file: string; force: boolean }): Promise<BackupReport> {
  const { target, file, force } = options;
  checkBackupDestination(file, { force, databaseFile: target.provider === 'sqlite' ? target.file : undefined });
  const temporary = temporaryPathNextTo(file);
  createPrivateFile(temporary);
  try {
    const report = target.provider === 'sqlite' ? await backupSqlite(target.file, temporary) : await backupPostgres(target, temporary);
    const handle = fs.openSync(temporary, 'r');
    try {
      fs.fsyncSync(handle);
    } finally {
      fs.closeSync(handle);
    }
    fs.renameSync(temporary, file);
    return { ...report, engine: target.provider, file, bytes: fs.statSync(file).size };
  } finally {
    removeQuietly(temporary, `${temporary}-wal`, `${temporary}-shm`, `${temporary}-journal`);
  }
}

async function backupSqlite(databaseFile: string, temporary: string): Promise<{ contents: DatabaseContents; check: string }> {
  if (!fs.statSync(databaseFile, { throwIfNoEntry: false })?.isFile()) {
    throw new OpsError(`There is no SQLite database at ${databaseFile}: check DATABASE_URL (unset means data/pindesk.db in the project).`);
  }
  const source = new Database(databaseFile, { fileMustExist: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    const live = sqliteContents(source);
    if (!holdsPinDesk(live)) {
      throw new OpsError(`${databaseFile} holds no PinDesk database (${describeContents(live)}): check DATABASE_URL.`);
    }
    await source.backup(temporary, { progress: () => ALL_PAGES });
  } finally {
    source.close();
  }
  return checkSqliteCopy(temporary, 'The copy');
}

/** `PRAGMA integrity_check` of a SQLite file (a copy, never the live database) and what it holds. */
export function checkSqliteCopy(file: string, what: string): { contents: DatabaseContents; check: string } {
  let copy: Database.Database;
  try {
    copy = new Database(file, { fileMustExist: true });
  } catch (error) {
    throw new OpsError(`${what} cannot be opened as a SQLite database: ${error instanceof Error ? error.message : error}.`);
  }
  try {
    const problems = (copy.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check);
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new OpsError(
        `${what} fails SQLite's integrity check: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}.`,
      );
    }
    const contents = sqliteContents(copy);
    if (!holdsPinDesk(contents)) throw new OpsError(`${what} holds no PinDesk database (${describeContents(contents)}).`);
    return { contents, check: 'integrity check ok' };
  } catch (error) {
    if (error instanceof OpsError) throw error;
    throw new OpsError(`${what} cannot be read as a SQLite database: ${error instanceof Error ? error.message : error}.`);
  } finally {
    copy.close();
  }
}

export async function connectPostgres(target: Extract<DatabaseTarget, { provider: 'postgresql' }>): Promise<pg.Client> {
  const client = new pg.Client({ ...target.pg, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    const reason = redactPassword(error instanceof Error ? error.message : String(error), target.pg.password);
    throw new OpsError(`Cannot connect to PostgreSQL at ${target.pg.host}:${target.pg.port}, database ${target.pg.database} as ${target.pg.user}: ${reason}.`);
  }
  // Backups and restores take as long as they take; the database's own limits for the app do not apply.
  await client.query('SET statement_timeout = 0; SET idle_in_transaction_session_timeout = 0');
  return client;
}

export async function postgresServerMajor(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ server_version_num: string }>('SHOW server_version_num');
  return serverMajorVersion(rows[0].server_version_num);
}

async function backupPostgres(
  target: Extract<DatabaseTarget, { provider: 'postgresql' }>,
  temporary: string,
): Promise<{ contents: DatabaseContents; check: string }> {
  const client = await connectPostgres(target);
  try {
    const serverMajor = await postgresServerMajor(client);
    const dump = await checkedPgTool('pg_dump', serverMajor);
    const list = await checkedPgTool('pg_restore', serverMajor);
    // pg_dump reads in the snapshot this transaction exports: the counts printed are the dump's.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0].id;
    const contents = await postgresContents(client);
    if (!holdsPinDesk(contents)) {
      throw new OpsError(
        `The database ${target.pg.database} on ${target.pg.host}:${target.pg.port} holds no PinDesk tables (${describeContents(contents)}): check DATABASE_URL.`,
      );
    }
    const connection = pgToolConnection(target.pg, target.url);
    const dumped = await runPgTool(
      dump.command,
      ['--format=custom', '--no-owner', `--snapshot=${snapshot}`, '--file', temporary, ...connection.args, '--dbname', target.pg.database],
      connection.env,
    );
    await client.query('COMMIT');
    if (dumped.code !== 0) {
      throw new OpsError(`pg_dump failed (exit ${dumped.code}):\n${redactPassword(dumped.stderr.trim(), target.pg.password)}`);
    }
    // The archive's table of contents must read back and list the data that matters.
    const toc = await runPgTool(list.command, ['--list', temporary], process.env);
    if (toc.code !== 0 || !/TABLE DATA \S+ audit_event\b/.test(toc.stdout) || !/TABLE DATA \S+ directory_user\b/.test(toc.stdout)) {
      throw new OpsError(`The dump does not read back with pg_restore --list:\n${toc.stderr.trim() || 'the audit_event or directory_user data is missing'}`);
    }
    const entries = toc.stdout.split('\n').filter((line) => /^\d+;/.test(line)).length;
    return { contents, check: `archive lists ${entries.toLocaleString('en-US')} entries` };
  } finally {
    await client.end().catch(() => undefined);
  }
}
