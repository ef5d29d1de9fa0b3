/**
 * Checks the audit hash chain (lib/audit/chain.ts) row by row, in id order, without holding
 * more than one row: an edited row no longer matches its hash; a deleted row leaves the next
 * row pointing at a hash that is not its predecessor's; a deleted tail leaves the chain head
 * pointing past the last row.
 */
import { auditRowHash, GENESIS_HASH, type ChainedAuditContent } from './chain';

export type StoredAuditRow = ChainedAuditContent & { id: number; prevHash: string; hash: string };

export type ChainVerdict =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAt: number | null; reason: string };

export async function verifyAuditChain(rows: AsyncIterable<StoredAuditRow>, head: { lastId: number; lastHash: string } | null): Promise<ChainVerdict> {
  let previous = GENESIS_HASH;
  let previousId = 0;
  let checked = 0;
  for await (const row of rows) {
    if (row.prevHash !== previous) {
      return { ok: false, checked, brokenAt: row.id, reason: `event #${row.id} does not follow event #${previousId || 'start'}: a row before it was deleted or altered` };
    }
    if (auditRowHash(row.prevHash, row) !== row.hash) {
      return { ok: false, checked, brokenAt: row.id, reason: `event #${row.id} was changed after it was written` };
    }
    previous = row.hash;
    previousId = row.id;
    checked++;
  }
  if (head && head.lastId !== 0 && (head.lastHash !== previous || head.lastId !== previousId)) {
    return { ok: false, checked, brokenAt: previousId || null, reason: `the trail ends at event #${previousId} but the chain head records event #${head.lastId}: events after #${previousId} were deleted` };
  }
  return { ok: true, checked };
}
