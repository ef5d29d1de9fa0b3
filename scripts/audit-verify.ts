/**
 * npm run audit:verify [-- --checkpoints <log file>] — checks the audit trail's hash chain on
 * the database DATABASE_URL names, with AUDIT_CHAIN_KEY, and reports the first event that
 * breaks it; with --checkpoints, also every checkpoint line the server wrote to that log
 * (lib/audit/checkpoint.ts): a forged one, or one whose event is missing or differs, fails.
 * Exit code 0 intact, 1 broken, 2 could not check.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { checkCheckpoints } from '../lib/audit/checkpoint';
import { getAuditChainKey } from '../lib/config/secrets';
import { auditRowHashById, verifyAuditTrail } from '../lib/db/audit-log';
import { createDb } from '../lib/db/client';

const usage = `Usage: npm run audit:verify [-- --checkpoints <log file>]

Checks the audit trail of the database DATABASE_URL names (keyed with AUDIT_CHAIN_KEY).
  --checkpoints <file>  also check the audit checkpoints the server wrote to this log
                        (lines with {"event":"pindesk.audit_checkpoint",…}; other lines are skipped)
Exit code: 0 intact, 1 broken, 2 could not check.`;

function commandLine(): { checkpoints?: string } | null {
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: { checkpoints: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      console.log(usage);
      return null;
    }
    return { checkpoints: values.checkpoints };
  } catch (error) {
    console.error(`audit:verify: ${error instanceof Error ? error.message : error}\n\n${usage}`);
    process.exitCode = 2;
    return null;
  }
}

async function main(options: { checkpoints?: string }): Promise<number> {
  const key = getAuditChainKey();
  if (options.checkpoints !== undefined && !fs.statSync(options.checkpoints, { throwIfNoEntry: false })?.isFile()) {
    console.error(`audit:verify: the checkpoint log "${options.checkpoints}" is not a readable file.`);
    return 2;
  }
  const { db, target } = createDb();
  try {
    let code = 0;
    const verdict = await verifyAuditTrail(db, key);
    if (verdict.ok) {
      const plain = verdict.plainThrough
        ? `; events up to #${verdict.plainThrough} were written before the chain was keyed (plain SHA-256, detects accidents only)`
        : '';
      console.log(`Audit trail intact (${target.provider}): ${verdict.checked.toLocaleString('en-US')} events checked${plain}.`);
    } else {
      console.error(
        verdict.brokenAt === null
          ? `Audit trail NOT VERIFIED: ${verdict.reason}.`
          : `Audit trail BROKEN at event #${verdict.brokenAt}: ${verdict.reason}. ${verdict.checked.toLocaleString('en-US')} events before it are intact.`,
      );
      code = 1;
    }
    if (options.checkpoints !== undefined) {
      const lines = readline.createInterface({ input: fs.createReadStream(options.checkpoints, 'utf8'), crlfDelay: Infinity });
      const report = await checkCheckpoints(key, lines, (id) => auditRowHashById(db, id));
      if (report.problems.length === 0) {
        console.log(
          `Checkpoints: ${report.checkpoints.toLocaleString('en-US')} found in ${options.checkpoints}, all signed with AUDIT_CHAIN_KEY and matching the trail.`,
        );
        if (report.checkpoints === 0) console.log('(No checkpoint lines were found: a truncated tail cannot be detected without them.)');
      } else {
        console.error(`Checkpoints: ${report.problems.length} problem(s) in ${options.checkpoints}:`);
        for (const problem of report.problems) console.error(`  ${problem}`);
        code = 1;
      }
    }
    return code;
  } finally {
    await db.$disconnect();
  }
}

const options = commandLine();
if (options) {
  try {
    process.exitCode = await main(options);
  } catch (error) {
    console.error(`audit:verify could not check the audit trail: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 2;
  }
}
