/**
 * This server process's checkpoints of the audit chain's head, on stdout (the log stream an
 * operator keeps outside the database): started and stopped by server.ts. No 'server-only'
 * marker, since server.ts runs outside Next.js's bundler (as lib/server/composition-root.ts).
 */
import { formatCheckpoint } from '../audit/checkpoint';
import { startCheckpointTimer, type CheckpointTimer } from '../audit/checkpoint-timer';
import { auditCheckpointIntervalMs } from '../config/audit-checkpoints';
import { getAuditChainKey } from '../config/secrets';
import { chainHead } from '../db/audit-log';
import type { Db } from '../db/client';

export function startServerAuditCheckpoints(db: Db, env: Record<string, string | undefined> = process.env): CheckpointTimer {
  const intervalMs = auditCheckpointIntervalMs(env);
  const key = getAuditChainKey();
  return startCheckpointTimer({
    intervalMs,
    readHead: () => chainHead(db),
    write: (head, at) => process.stdout.write(`${formatCheckpoint(key, { lastId: head.lastId, hash: head.lastHash, at: at.toISOString() })}\n`),
    onError: (error) => console.error(`[audit] could not write a checkpoint of the audit chain: ${error instanceof Error ? error.message : String(error)}`),
  });
}
