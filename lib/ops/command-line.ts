/** The command lines of `npm run db:backup -- <file>` and `npm run db:restore -- <file>`. */
import { parseArgs } from 'node:util';
import { usageError } from './ops-error';

export type OpsCommand = 'backup' | 'restore';
export type OpsArguments = { help: true } | { help: false; file: string; force: boolean };

export const usageText: Record<OpsCommand, string> = {
  backup: `Usage: npm run db:backup -- [--force] <file>

Backs up the database DATABASE_URL names (default: data/pindesk.db) to <file>, while the
server keeps running. SQLite: an online copy, integrity-checked. PostgreSQL: pg_dump's custom
format (needs pg_dump of the server's major version or newer: Debian postgresql-client-<major>).
  --force   replace <file> if it exists
The backup holds PIN hashes and the audit trail: keep it as secret as the database.
Exit code: 0 backed up, 1 failed, 2 wrong command line.`,
  restore: `Usage: npm run db:restore -- [--force] <file>

Restores a backup made by npm run db:backup into the database DATABASE_URL names (default:
data/pindesk.db), then brings it up to the current migrations. Stop every server and job
runner using that database first.
  --force   replace a database that is not empty (its current contents are lost)
Exit code: 0 restored, 1 failed or refused (nothing changed), 2 wrong command line.`,
};

/** Parses the arguments after `--`; a usage error (exit 2) says what is wrong and shows the usage. */
export function parseOpsArguments(command: OpsCommand, argv: readonly string[]): OpsArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const unknown = /^Unknown option '([^']+)'/.exec(text)?.[1];
    const message = unknown
      ? `Unknown option ${unknown}: the only options are --force and --help (for a file whose name starts with "-", write ./${unknown}).`
      : text;
    throw usageError(`${message}\n\n${usageText[command]}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (positionals.length === 0) {
    throw usageError(`Name the backup file: npm run db:${command} -- <file>.\n\n${usageText[command]}`);
  }
  if (positionals.length > 1) {
    throw usageError(
      `Give one backup file, not ${positionals.length} (${positionals.map((p) => JSON.stringify(p.slice(0, 80))).join(', ')}); quote a path that contains spaces.\n\n${usageText[command]}`,
    );
  }
  return { help: false, file: positionals[0], force: values.force === true };
}
