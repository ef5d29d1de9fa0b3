/**
 * The PostgreSQL client programs a backup and a restore run (pg_dump, pg_restore): finding
 * them, checking their version against the server's, and handing them the connection without
 * the password ever reaching a command line (visible in `ps`) or a message.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { PgConnection } from '../db/database-url';
import { OpsError } from './ops-error';

export type PgTool = 'pg_dump' | 'pg_restore';

/** A database URL fit to print: the password (in the authority or a `password=` parameter) is `***`. */
export function maskDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    // Nothing secret: as given (the URL parser would rewrite file: URLs and more).
    if (!parsed.password && !parsed.searchParams.has('password')) return url;
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString().replace('password=%2A%2A%2A', 'password=***');
  } catch {
    // Not a URL the parser accepts: hide whatever sits between "user:" and "@", and any password parameter.
    return url.replace(/(\/\/[^/@:]*:)[^@/]*@/, '$1***@').replace(/([?&]password=)[^&]*/gi, '$1***');
  }
}

/** `text` with every spelling of `password` (as typed, URL-encoded) replaced by `***`. */
export function redactPassword(text: string, password: string | undefined): string {
  if (!password) return text;
  let out = text;
  for (const form of new Set([password, encodeURIComponent(password)])) out = out.split(form).join('***');
  return out;
}

/**
 * The major version in `pg_dump --version` output ("pg_dump (PostgreSQL) 15.20 (Debian …)"):
 * 15; before 10, major versions had two parts ("9.6.24" → 9.6).
 */
export function clientMajorVersion(versionOutput: string): number | null {
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(versionOutput) ?? /\b(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return null;
  const major = Number(match[1]);
  return major < 10 && match[2] !== undefined ? Number(`${major}.${match[2]}`) : major;
}

/** The major version of `SHOW server_version_num` (150020 → 15; 90624 → 9.6). */
export function serverMajorVersion(versionNum: number | string): number {
  const n = Number(versionNum);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`Unexpected server_version_num "${versionNum}"`);
  return n >= 100000 ? Math.floor(n / 10000) : Math.floor(n / 10000) + Math.floor((n % 10000) / 100) / 10;
}

/** pg_dump and pg_restore read every server of their own major version or older, never a newer one. */
export const clientFitsServer = (clientMajor: number, serverMajor: number) => clientMajor >= serverMajor;

const packageHint = (serverMajor: number) =>
  `Install the PostgreSQL ${serverMajor} client programs (Debian/Ubuntu: apt-get install postgresql-client-${serverMajor}, ` +
  `from apt.postgresql.org if your release lacks it; RHEL: postgresql${serverMajor}; macOS: brew install libpq), ` +
  `and put them on PATH (Debian installs them under /usr/lib/postgresql/${serverMajor}/bin).`;

/** The first executable `name` on PATH, or null. */
export function findOnPath(name: string, searchPath = process.env.PATH ?? ''): string | null {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here.
    }
  }
  return null;
}

const execFileAsync = promisify(execFile);

/** The tool on PATH, checked to be able to talk to a server of `serverMajor`; else an error saying what to install. */
export async function checkedPgTool(tool: PgTool, serverMajor: number): Promise<{ command: string; major: number }> {
  const command = findOnPath(tool);
  if (!command)
    throw new OpsError(
      `${tool} was not found on PATH; it is needed for a PostgreSQL ${tool === 'pg_dump' ? 'backup' : 'restore'}. ${packageHint(serverMajor)}`,
    );
  let output: string;
  try {
    output = (await execFileAsync(command, ['--version'], { timeout: 30_000 })).stdout;
  } catch (error) {
    throw new OpsError(`${command} --version failed (${error instanceof Error ? error.message.split('\n')[0] : error}). ${packageHint(serverMajor)}`);
  }
  const major = clientMajorVersion(output);
  if (major === null) throw new OpsError(`Could not read the version of ${command} ("${output.trim().slice(0, 100)}"). ${packageHint(serverMajor)}`);
  if (!clientFitsServer(major, serverMajor)) {
    throw new OpsError(
      `${command} is version ${major}, older than the PostgreSQL ${serverMajor} server: it cannot ${tool === 'pg_dump' ? 'dump' : 'restore into'} it. ${packageHint(serverMajor)}`,
    );
  }
  return { command, major };
}

/**
 * The connection as the client programs' options and environment: host, port, user and
 * database as options, the password in PGPASSWORD (never on the command line), sslmode in
 * PGSSLMODE; -w: never prompt for a password.
 */
export function pgToolConnection(connection: PgConnection, url: string, env: NodeJS.ProcessEnv = process.env): { args: string[]; env: NodeJS.ProcessEnv } {
  let sslmode: string | null = null;
  try {
    sslmode = new URL(url).searchParams.get('sslmode');
  } catch {
    // databaseTarget() parsed it already; nothing more to take from it.
  }
  // Without a password in the URL, PGPASSWORD or ~/.pgpass may hold it, as for the server.
  const toolEnv: NodeJS.ProcessEnv = { ...env };
  if (connection.password !== undefined) toolEnv.PGPASSWORD = connection.password;
  if (sslmode) toolEnv.PGSSLMODE = sslmode;
  return {
    args: ['--host', connection.host, '--port', String(connection.port), '--username', connection.user, '--no-password'],
    env: toolEnv,
  };
}

/** Runs a client program to its end; stdout and stderr are kept (both are short: progress goes to files). */
export function runPgTool(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
