/**
 * npm run audit:verify — checks the audit trail's hash chain on the database DATABASE_URL
 * names and reports the first event that breaks it. Exit code 0 intact, 1 broken, 2 error.
 */
import { createDb } from '../lib/db/client';
import { verifyAuditTrail } from '../lib/db/audit-log';

const { db, target } = createDb();
try {
  const verdict = await verifyAuditTrail(db);
  if (verdict.ok) {
    console.log(`Audit trail intact (${target.provider}): ${verdict.checked.toLocaleString('en-US')} events checked.`);
    process.exitCode = 0;
  } else {
    console.error(`Audit trail BROKEN at event #${verdict.brokenAt ?? '?'}: ${verdict.reason}. ${verdict.checked.toLocaleString('en-US')} events before it are intact.`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`audit:verify could not read the audit trail: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 2;
} finally {
  await db.$disconnect();
}
