import 'server-only';
/** The audit trail for the Audit page and its CSV export, on this process's database. */
import { auditCsvStream } from '../db/audit-export';
import { auditPage, verifyAuditTrail, type AuditFilter } from '../db/audit-log';
import { getDb } from '../server/composition-root';

export type { AuditFilter } from '../db/audit-log';

export function listAuditEvents(filter: AuditFilter, page: number, pageSize: number) {
  return auditPage(getDb().db, filter, page, pageSize);
}

/** Checks the hash chain with AUDIT_CHAIN_KEY. */
export function verifyAuditChain() {
  return verifyAuditTrail(getDb().db);
}

/** The filtered trail as CSV, streamed row by row. */
export function exportAuditCsv(filter: AuditFilter): ReadableStream<Uint8Array> {
  return auditCsvStream(getDb().db, filter);
}
