/**
 * Checks the audit hash chain (lib/audit/chain.ts) row by row, in id order, without holding
 * more than one row: an edited row no longer matches its hash; a deleted row leaves the next
 * row pointing at a hash that is not its predecessor's; a deleted tail leaves the chain head
 * pointing past the last row (unless the head was rewritten too: then only a checkpoint kept
 * outside the database shows it, lib/audit/checkpoint.ts).
 *
 * Which rows are keyed follows from their position, not from what a row claims: a trail is
 * keyed from its first row (it began after the upgrade), or plain SHA-256 up to the
 * switch-over event and keyed from it on. A plain row after a keyed one, or a trail that is
 * plain to its end, fails: that is what someone without the key would write.
 */
import { CHAIN_KEYED_ACTION, GENESIS_HASH, isKeyedHash, keyedRowHash, plainRowHash, type ChainedAuditContent } from './chain';

export type StoredAuditRow = ChainedAuditContent & { id: number; prevHash: string; hash: string };

export type ChainVerdict =
  /** `plainThrough`: the last event chained with plain SHA-256, before the switch-over (null: keyed from the start). */
  { ok: true; checked: number; plainThrough: number | null } | { ok: false; checked: number; brokenAt: number | null; reason: string };

export async function verifyAuditChain(
  rows: AsyncIterable<StoredAuditRow>,
  head: { lastId: number; lastHash: string } | null,
  key: Buffer,
): Promise<ChainVerdict> {
  let previous = GENESIS_HASH;
  let previousId = 0;
  let checked = 0;
  let keyed: boolean | undefined;
  let plainThrough: number | null = null;
  for await (const row of rows) {
    if (row.prevHash !== previous) {
      return {
        ok: false,
        checked,
        brokenAt: row.id,
        reason: `event #${row.id} does not follow event #${previousId || 'start'}: a row before it was deleted or altered`,
      };
    }
    if (keyed === undefined) {
      keyed = isKeyedHash(row.hash);
    } else if (!keyed && row.action === CHAIN_KEYED_ACTION) {
      keyed = true;
      plainThrough = previousId;
    }
    const expected = keyed ? keyedRowHash(key, row.prevHash, row) : plainRowHash(row.prevHash, row);
    if (expected !== row.hash) {
      const why = keyed && !isKeyedHash(row.hash) ? ' (its hash is not keyed, as one computed without AUDIT_CHAIN_KEY would be)' : '';
      return { ok: false, checked, brokenAt: row.id, reason: `event #${row.id} was changed after it was written${why}` };
    }
    previous = row.hash;
    previousId = row.id;
    checked++;
  }
  if (head && head.lastId !== 0 && (head.lastHash !== previous || head.lastId !== previousId)) {
    return {
      ok: false,
      checked,
      brokenAt: previousId || null,
      reason: `the trail ends at event #${previousId} but the chain head records event #${head.lastId}: events after #${previousId} were deleted`,
    };
  }
  if (keyed === false) {
    return {
      ok: false,
      checked,
      brokenAt: null,
      reason:
        `none of the ${checked.toLocaleString('en-US')} events is keyed with AUDIT_CHAIN_KEY and no switch-over event (${CHAIN_KEYED_ACTION}) follows them: ` +
        'either no PinDesk with a chain key has written to this trail since the upgrade (start it once, then verify again), ' +
        'or the trail was rewritten by someone without the key',
    };
  }
  return { ok: true, checked, plainThrough };
}
