/**
 * Backup files on disk: which engine wrote one (by its first bytes), the checks of the paths
 * the commands are given, and the temporary file next to a destination that is renamed into
 * place only when complete (so a failure never leaves half a file under the real name).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { usageError } from './ops-error';

export type BackupFormat = 'sqlite' | 'postgresql';

/** "SQLite format 3\0": the first 16 bytes of every SQLite database file. */
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
/** pg_dump's custom format (--format=custom) begins with "PGDMP". */
const PG_CUSTOM_MAGIC = Buffer.from('PGDMP', 'latin1');
export const HEADER_BYTES = SQLITE_MAGIC.length;

/** The engine whose backup `header` (a file's first bytes) begins, or null for anything else. */
export function detectBackupFormat(header: Uint8Array): BackupFormat | null {
  const bytes = Buffer.from(header.buffer, header.byteOffset, header.byteLength);
  if (bytes.length >= SQLITE_MAGIC.length && bytes.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) return 'sqlite';
  if (bytes.length >= PG_CUSTOM_MAGIC.length && bytes.subarray(0, PG_CUSTOM_MAGIC.length).equals(PG_CUSTOM_MAGIC)) return 'postgresql';
  return null;
}

export const engineName = (format: BackupFormat) => (format === 'sqlite' ? 'SQLite' : 'PostgreSQL');

export function readBackupFormat(file: string): BackupFormat | null {
  const header = Buffer.alloc(HEADER_BYTES);
  const fd = fs.openSync(file, 'r');
  try {
    const read = fs.readSync(fd, header, 0, HEADER_BYTES, 0);
    return detectBackupFormat(header.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
}

export const MAX_PATH_LENGTH = 4096;

/**
 * A file argument as typed: not empty, at most 4,096 characters, no NUL or line break.
 * Relative paths are taken from where npm was run (INIT_CWD), not from the project directory
 * `npm run` changes to.
 */
export function resolveFileArgument(raw: string, base = process.env.INIT_CWD || process.cwd()): string {
  if (raw.trim() === '') throw usageError('The file name is empty: give the path of the backup file, e.g. /var/backups/pindesk/pindesk.backup.');
  if (raw.length > MAX_PATH_LENGTH)
    throw usageError(`The file name is ${raw.length.toLocaleString('en-US')} characters long; at most ${MAX_PATH_LENGTH} are allowed.`);
  if (/[\0\r\n]/.test(raw)) throw usageError('The file name contains a NUL byte or a line break: give a plain path.');
  return path.resolve(base, raw);
}

/** The SQLite database file and the files SQLite keeps beside it. */
export const sqliteCompanions = (file: string) => [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];

/** Where a backup may be written: its folder exists, it is not a folder, not the database itself, and not there already unless forced. */
export function checkBackupDestination(file: string, options: { force: boolean; databaseFile?: string }): void {
  if (options.databaseFile && sqliteCompanions(options.databaseFile).includes(file)) {
    throw usageError(`${file} is the database itself (or one of its files): write the backup somewhere else.`);
  }
  const folder = path.dirname(file);
  const folderStat = fs.statSync(folder, { throwIfNoEntry: false });
  if (!folderStat?.isDirectory()) throw usageError(`The folder ${folder} does not exist: create it first (mkdir -p ${folder}).`);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat?.isDirectory()) throw usageError(`${file} is a folder: give the name of the backup file to write in it, e.g. ${path.join(file, 'pindesk.backup')}.`);
  if (stat && !options.force) throw usageError(`${file} exists already: choose another name, or add --force to replace it.`);
  try {
    fs.accessSync(folder, fs.constants.W_OK);
  } catch {
    throw usageError(`The folder ${folder} is not writable by this user.`);
  }
}

/** A backup file to restore: it exists, is a regular file and can be read. */
export function checkBackupSource(file: string): void {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw usageError(`The backup file ${file} does not exist: check the path (relative paths start where you ran npm).`);
  if (!stat.isFile()) throw usageError(`${file} is not a regular file: give the backup file written by npm run db:backup.`);
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw usageError(`The backup file ${file} is not readable by this user.`);
  }
}

/** A fresh name in the destination's folder (a rename within one file system is atomic). */
export function temporaryPathNextTo(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** An empty file only its owner can read: a backup holds PIN hashes and the audit trail. */
export function createPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600));
}

export function removeQuietly(...files: string[]): void {
  for (const file of files) fs.rmSync(file, { force: true });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
