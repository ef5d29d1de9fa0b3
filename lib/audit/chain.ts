/**
 * Tamper evidence of the audit trail: each row's hash covers its content and the previous
 * row's hash, so editing or deleting a row breaks the chain from there on.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

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

export function auditRowHash(prevHash: string, content: ChainedAuditContent): string {
  // A fixed field order (not JSON.stringify of an object) keeps the hash stable across code changes.
  const fields = [
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
  ];
  return createHash('sha256').update(prevHash).update('\u0000').update(JSON.stringify(fields)).digest('hex');
}
