/**
 * npm run db:backup -- [--force] <file> — backs up the database DATABASE_URL names while the
 * server keeps running (lib/ops/backup.ts). Exit code 0 backed up, 1 failed, 2 wrong command line.
 */
import { databaseTarget } from '../lib/db/database-url';
import { formatBytes, resolveFileArgument } from '../lib/ops/backup-file';
import { backupDatabase } from '../lib/ops/backup';
import { parseOpsArguments, usageText } from '../lib/ops/command-line';
import { describeContents } from '../lib/ops/database-contents';
import { describeTarget, reportFailure } from '../lib/ops/report';

async function main(): Promise<number> {
  const options = parseOpsArguments('backup', process.argv.slice(2));
  if (options.help) {
    console.log(usageText.backup);
    return 0;
  }
  const file = resolveFileArgument(options.file);
  const target = databaseTarget();
  console.log(`Backing up ${describeTarget(target)} to ${file} …`);
  const report = await backupDatabase({ target, file, force: options.force });
  console.log(`Backup written: ${report.file}, ${formatBytes(report.bytes)}; ${report.check}; ${describeContents(report.contents)}.`);
  console.log(
    'It holds the PIN hashes and the audit trail: keep it as secret as the database. It does not hold PIN_PEPPER or ' +
      'AUDIT_CHAIN_KEY; a restored database needs the same ones to accept PINs and verify its audit trail.',
  );
  return 0;
}

process.exitCode = await main().catch((error: unknown) => reportFailure('db:backup', error));
