/**
 * npm run db:restore -- [--force] <file> — restores a backup of npm run db:backup into the
 * database DATABASE_URL names (lib/ops/restore.ts), then applies the migrations this version
 * has and the backup lacks. Exit code 0 restored, 1 failed or refused, 2 wrong command line.
 */
import { databaseTarget } from '../lib/db/database-url';
import { resolveFileArgument } from '../lib/ops/backup-file';
import { parseOpsArguments, usageText } from '../lib/ops/command-line';
import { describeContents } from '../lib/ops/database-contents';
import { describeTarget, reportFailure } from '../lib/ops/report';
import { restoreDatabase } from '../lib/ops/restore';
import { migrateDatabase } from './migrate';

async function main(): Promise<number> {
  const options = parseOpsArguments('restore', process.argv.slice(2));
  if (options.help) {
    console.log(usageText.restore);
    return 0;
  }
  const file = resolveFileArgument(options.file);
  const target = databaseTarget();
  console.log(`Restoring ${file} into ${describeTarget(target)} …`);
  const report = await restoreDatabase({ target, file, force: options.force });
  const replaced = report.replaced ? ` (replaced: ${describeContents(report.replaced)})` : '';
  console.log(`Restored: ${describeContents(report.restored)}${replaced}.`);
  // A backup from an older version is brought up to this version's schema.
  await migrateDatabase();
  console.log('Next: check the audit trail with the AUDIT_CHAIN_KEY of the installation that made the backup: npm run audit:verify');
  return 0;
}

process.exitCode = await main().catch((error: unknown) => reportFailure('db:restore', error));
