/**
 * The filtered audit trail as a CSV byte stream: rows are read 1,000 at a time as the
 * consumer pulls, so a million-row export never sits in memory.
 */
import { auditCsvColumns, csvLine } from '../audit/csv';
import { iterateAudit, type AuditFilter } from './audit-log';
import type { Db } from './client';

const ROWS_PER_CHUNK = 500;

export function auditCsvStream(db: Db, filter: AuditFilter): ReadableStream<Uint8Array> {
  const rows = iterateAudit(db, filter);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(csvLine([...auditCsvColumns])));
      },
      async pull(controller) {
        let chunk = '';
        for (let i = 0; i < ROWS_PER_CHUNK; i++) {
          const next = await rows.next();
          if (next.done) {
            if (chunk) controller.enqueue(encoder.encode(chunk));
            controller.close();
            return;
          }
          const e = next.value;
          chunk += csvLine([
            e.id,
            e.at,
            e.actorType,
            e.actorName,
            e.action,
            e.targetType,
            e.targetName,
            e.outcome,
            e.sourceAddress,
            e.userAgent,
            e.details,
            e.hash,
          ]);
        }
        controller.enqueue(encoder.encode(chunk));
      },
      async cancel() {
        await rows.return(undefined);
      },
    },
    // Pull only when the consumer has taken what was queued: back-pressure keeps memory flat.
    { highWaterMark: 1 },
  );
}
