/**
 * Tamper evidence of the audit trail: each row's hash covers its content and the previous
 * row's hash, so editing or deleting a row breaks the chain from there on.
 *
 * Rows are keyed: HMAC-SHA-256 with AUDIT_CHAIN_KEY, a secret kept outside the database, so
 * someone who can write the database but does not hold the key cannot recompute the hashes
 * after an edit. Trails written before the chain was keyed used plain SHA-256; they stay
 * verifiable: their rows keep their plain hashes, and the first keyed row after them is a
 * switch-over event (CHAIN_KEYED_ACTION), whose keyed hash pins the plain prefix before it.
 * A keyed hash carries a prefix naming the scheme, so a writer can tell from the head alone
 * whether it must write the switch-over first (lib/db/audit-writer.ts); the verifier does
 * not trust the prefix, it checks each row against the scheme its position demands.
 */
import { createHash, createHmac } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** How a keyed row hash starts; plain SHA-256 hashes (before the switch-over) are bare hex. */
export const KEYED_HASH_PREFIX = 'hmac-sha256:';

/** The event that starts the keyed part of a trail that began with plain SHA-256 rows. */
export const CHAIN_KEYED_ACTION = 'audit.chain_keyed';

/** The stored fields of an audit row that its hash covers. */
export type ChainedAuditContent = {
  at: string;
  actorType: string;
  actorId: string | null;
  actorName: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetName: string;
  sourceAddress: string;
  userAgent: string;
  outcome: string;
  details: string;
};

function hashedText(content: ChainedAuditContent): string {
  // A fixed field order (not JSON.stringify of an object) keeps the hash stable across code changes.
  return JSON.stringify([
    content.at,
    content.actorType,
    content.actorId ?? '',
    content.actorName,
    content.action,
    content.targetType ?? '',
    content.targetId ?? '',
    content.targetName,
    content.sourceAddress,
    content.userAgent,
    content.outcome,
    content.details,
  ]);
}

/** The hash of a row written before the chain was keyed (anyone can compute it: it only detects accidents). */
export function plainRowHash(prevHash: string, content: ChainedAuditContent): string {
  return createHash('sha256').update(prevHash).update('\u0000').update(hashedText(content)).digest('hex');
}

/** The hash of a keyed row: only a holder of AUDIT_CHAIN_KEY can compute it. */
export function keyedRowHash(key: Buffer, prevHash: string, content: ChainedAuditContent): string {
  return KEYED_HASH_PREFIX + createHmac('sha256', key).update(prevHash).update('\u0000').update(hashedText(content)).digest('hex');
}

export function isKeyedHash(hash: string): boolean {
  return hash.startsWith(KEYED_HASH_PREFIX);
}

/**
 * Whether rows appended after `headHash` must start with the switch-over event: the trail
 * has rows and its last one is plain. An empty trail (genesis) begins keyed without one.
 */
export function needsSwitchOver(headHash: string): boolean {
  return headHash !== GENESIS_HASH && !isKeyedHash(headHash);
}
