/**
 * Signed checkpoints of the audit chain's head, written to the log stream (one JSON line):
 * the chain alone cannot show that its newest rows were deleted together with the head row,
 * but a checkpoint kept outside the database can. `npm run audit:verify -- --checkpoints
 * <log file>` checks each one: its signature, and that its event still exists with that hash.
 *
 * Signed with HMAC-SHA-256 under a key derived from AUDIT_CHAIN_KEY (HKDF, its own label),
 * so a checkpoint signature can never be taken for a row hash or the other way round.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** What marks a checkpoint line; whatever a log collector puts before it is skipped. */
const CHECKPOINT_MARK = '{"event":"pindesk.audit_checkpoint"';

/** Longer lines are not checkpoints PinDesk wrote (they are about 250 characters). */
const MAX_LINE_CHARS = 2_000;
const MAX_HASH_CHARS = 100;

export type AuditCheckpoint = { lastId: number; hash: string; at: string };

function checkpointKey(chainKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', chainKey, Buffer.alloc(0), 'pindesk audit checkpoint v1', 32));
}

function signature(chainKey: Buffer, checkpoint: AuditCheckpoint): string {
  return createHmac('sha256', checkpointKey(chainKey)).update(`v1\n${checkpoint.lastId}\n${checkpoint.hash}\n${checkpoint.at}`).digest('hex');
}

/** The log line of a checkpoint (no newline). */
export function formatCheckpoint(chainKey: Buffer, checkpoint: AuditCheckpoint): string {
  const { lastId, hash, at } = checkpoint;
  return `${CHECKPOINT_MARK},"v":1,"lastId":${lastId},"hash":${JSON.stringify(hash)},"at":${JSON.stringify(at)},"sig":"${signature(chainKey, checkpoint)}"}`;
}

export type CheckpointLine = { kind: 'none' } | { kind: 'checkpoint'; checkpoint: AuditCheckpoint } | { kind: 'invalid'; reason: string };

/** Reads one log line: no checkpoint on it, a checkpoint whose signature holds, or one that is malformed or forged. */
export function readCheckpointLine(chainKey: Buffer, line: string): CheckpointLine {
  const start = line.indexOf(CHECKPOINT_MARK);
  if (start === -1) return { kind: 'none' };
  if (line.length > MAX_LINE_CHARS) return { kind: 'invalid', reason: `the line is longer than ${MAX_LINE_CHARS.toLocaleString('en-US')} characters` };
  let value: unknown;
  try {
    value = JSON.parse(line.slice(start).trim());
  } catch {
    return { kind: 'invalid', reason: 'it is not one JSON object' };
  }
  const { v, lastId, hash, at, sig } = value as Record<string, unknown>;
  if (v !== 1) return { kind: 'invalid', reason: 'its version "v" is not 1' };
  if (typeof lastId !== 'number' || !Number.isSafeInteger(lastId) || lastId < 0)
    return { kind: 'invalid', reason: '"lastId" is not a whole number of at least 0' };
  if (typeof hash !== 'string' || hash.length === 0 || hash.length > MAX_HASH_CHARS) return { kind: 'invalid', reason: '"hash" is missing or too long' };
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return { kind: 'invalid', reason: '"at" is not a time' };
  if (typeof sig !== 'string' || !/^[0-9a-f]{64}$/.test(sig)) return { kind: 'invalid', reason: '"sig" is not 64 hex digits' };
  const checkpoint = { lastId, hash, at };
  if (!timingSafeEqual(Buffer.from(sig, 'hex'), Buffer.from(signature(chainKey, checkpoint), 'hex'))) {
    return { kind: 'invalid', reason: 'its signature does not match (forged, altered, or signed with another AUDIT_CHAIN_KEY)' };
  }
  return { kind: 'checkpoint', checkpoint };
}

export type CheckpointReport = { checkpoints: number; problems: string[] };

/** Problems listed in full; beyond this they are only counted. */
const MAX_PROBLEMS_LISTED = 20;

/**
 * Checks every checkpoint in `lines` (a log, read line by line) against the trail:
 * `storedHash(id)` is the hash the database holds for event `id`, null if there is none.
 */
export async function checkCheckpoints(
  chainKey: Buffer,
  lines: AsyncIterable<string>,
  storedHash: (id: number) => Promise<string | null>,
): Promise<CheckpointReport> {
  const problems: string[] = [];
  let more = 0;
  let checkpoints = 0;
  let lineNumber = 0;
  const problem = (text: string) => (problems.length < MAX_PROBLEMS_LISTED ? problems.push(text) : more++);
  for await (const line of lines) {
    lineNumber++;
    const read = readCheckpointLine(chainKey, line);
    if (read.kind === 'none') continue;
    if (read.kind === 'invalid') {
      problem(`line ${lineNumber}: a checkpoint that is not valid: ${read.reason}`);
      continue;
    }
    checkpoints++;
    const { lastId, hash, at } = read.checkpoint;
    // A checkpoint of the empty trail names no event.
    if (lastId === 0) continue;
    const stored = await storedHash(lastId);
    if (stored === null) problem(`line ${lineNumber}: the checkpoint of ${at} names event #${lastId}, which is missing: the trail was cut back after it`);
    else if (stored !== hash)
      problem(`line ${lineNumber}: the checkpoint of ${at} names event #${lastId}, whose hash differs from the checkpoint's: the trail was rewritten after it`);
  }
  if (more > 0) problems.push(`… and ${more.toLocaleString('en-US')} more`);
  return { checkpoints, problems };
}
