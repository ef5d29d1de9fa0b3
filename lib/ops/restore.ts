/**
 * `npm run db:restore`: a backup from `npm run db:backup` into the database DATABASE_URL names.
 * Refuses a backup of the other engine, and a target that is not empty unless forced; either
 * way a refused or failed restore leaves the target as it was (SQLite: the checked copy is
 * renamed over it only at the end; PostgreSQL: pg_restore runs in one transaction). The
 * caller brings the result up to the current migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { DatabaseTarget } from '../db/database-url';
import { checkBackupSource, engineName, readBackupFormat, removeQuietly, sqliteCompanions, temporaryPathNextTo } from './backup-file';
import { checkSqliteCopy, connectPostgres, postgresServerMajor } from './backup';
import { describeContents, isEmptyDatabase, postgresContents, sqliteContents, type DatabaseContents } from './database-contents';
import { processesHolding } from './open-files';
import { OpsError, usageError } from './ops-error';
import { checkedPgTool, pgToolConnection, redactPassword, runPgTool } from './postgres-client';

export type RestoreReport = { engine: DatabaseTarget['provider']; file: string; replaced: DatabaseContents | null; restored: DatabaseContents };

export async function restoreDatabase(options: { target: DatabaseTarget; file: string; force: boolean }): Promise<RestoreReport> {
  const { target, file, force } = options;
  checkBackupSource(file);
  if (target.provider === 'sqlite' && sqliteCompanions(target.file).includes(file)) {
    throw usageError(`${file} is the database DATABASE_URL names itself: give the backup file to restore from.`);
  }
  const format = readBackupFormat(file);
  if (format === null) {
    throw usageError(
      `${file} is not a backup made by npm run db:backup: it is neither a SQLite database nor a pg_dump custom-format archive (a plain SQL dump is restored with psql instead).`,
    );
  }
  if (format !== target.provider) {
    throw new OpsError(
      `${file} is a ${engineName(format)} backup, but DATABASE_URL names a ${engineName(target.provider)} database: nothing was changed. ` +
        `Restore it into a ${engineName(format)} database (set DATABASE_URL to ${format === 'sqlite' ? 'file:/path/to/pindesk.db' : 'postgresql://user@host:5432/database'}).`,
    );
  }
  return target.provider === 'sqlite' ? restoreSqlite(target.file, file, force) : restorePostgres(target, file, force);
}

function refuseNonEmpty(where: string, contents: DatabaseContents): never {
  throw new OpsError(
    `The target database ${where} is not empty (${contents.tables.toLocaleString('en-US')} tables; ${describeContents(contents)}): nothing was changed. ` +
      `A restore replaces everything in it; if that is what you want, back it up first and add --force.`,
  );
}

async function restoreSqlite(databaseFile: string, file: string, force: boolean): Promise<RestoreReport> {
  const holders = processesHolding(sqliteCompanions(databaseFile));
  if (holders.length > 0) {
    throw new OpsError(
      `The database ${databaseFile} is open in ${holders.map((h) => `process ${h.pid} (${h.command})`).join(', ')}: ` +
        'stop every PinDesk server and job runner using it, then restore. Nothing was changed.',
    );
  }
  const current = fs.statSync(databaseFile, { throwIfNoEntry: false }) ? currentSqliteContents(databaseFile) : null;
  if (current && !isEmptyDatabase(current) && !force) refuseNonEmpty(databaseFile, current);

  fs.mkdirSync(path.dirname(databaseFile), { recursive: true });
  const temporary = temporaryPathNextTo(databaseFile);
  try {
    fs.copyFileSync(file, temporary, fs.constants.COPYFILE_EXCL);
    fs.chmodSync(temporary, 0o600);
    const { contents } = checkSqliteCopy(temporary, `The backup ${file}`);
    // The old database's WAL must not be replayed into the restored file.
    removeQuietly(`${databaseFile}-wal`, `${databaseFile}-shm`, `${databaseFile}-journal`);
    fs.renameSync(temporary, databaseFile);
    return { engine: 'sqlite', file, replaced: current, restored: contents };
  } finally {
    removeQuietly(temporary, `${temporary}-wal`, `${temporary}-shm`, `${temporary}-journal`);
  }
}

/**
 * What the target SQLite file holds, after making sure no other connection is writing to it
 * (`BEGIN EXCLUSIVE` without waiting). A file that is not a database counts as not empty.
 */
function currentSqliteContents(databaseFile: string): DatabaseContents {
  const db = new Database(databaseFile, { fileMustExist: true, timeout: 0 });
  try {
    try {
      db.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
        throw new OpsError(
          `The database ${databaseFile} is locked by another process: stop every PinDesk server and job runner using it, then restore. Nothing was changed.`,
        );
      }
      if (code === 'SQLITE_NOTADB') return { tables: 1, users: null, auditEvents: null, pinStates: null };
      throw error;
    }
    try {
      return sqliteContents(db);
    } finally {
      db.exec('ROLLBACK');
    }
  } finally {
    db.close();
  }
}

async function restorePostgres(target: Extract<DatabaseTarget, { provider: 'postgresql' }>, file: string, force: boolean): Promise<RestoreReport> {
  const where = `${target.pg.database} on ${target.pg.host}:${target.pg.port}`;
  const client = await connectPostgres(target);
  let current: DatabaseContents;
  let tool: { command: string };
  try {
    tool = await checkedPgTool('pg_restore', await postgresServerMajor(client));
    current = await postgresContents(client);
  } finally {
    await client.end().catch(() => undefined);
  }
  const empty = isEmptyDatabase(current);
  if (!empty && !force) refuseNonEmpty(where, current);

  const connection = pgToolConnection(target.pg, target.url);
  // One transaction: a failure part-way leaves the database as it was. --clean drops what the
  // archive is about to create (tables, sequences, indexes), so it replaces a PinDesk database.
  const args = ['--no-owner', '--no-acl', '--single-transaction', '--exit-on-error', ...(empty ? [] : ['--clean', '--if-exists'])];
  const restored = await runPgTool(tool.command, [...args, ...connection.args, '--dbname', target.pg.database, file], connection.env);
  if (restored.code !== 0) {
    throw new OpsError(
      `pg_restore failed (exit ${restored.code}); it ran in one transaction, so ${where} is as it was:\n${redactPassword(restored.stderr.trim(), target.pg.password)}`,
    );
  }
  const after = await connectPostgres(target);
  try {
    return { engine: 'postgresql', file, replaced: empty ? null : current, restored: await postgresContents(after) };
  } finally {
    await after.end().catch(() => undefined);
  }
}
