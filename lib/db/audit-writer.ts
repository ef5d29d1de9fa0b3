/**
 * Appends to the hash-chained audit trail (lib/audit/chain.ts).
 *
 * Inside a use case's transaction the event is chained and inserted there, so it commits
 * with the change. Events that stand alone (PIN logon attempts, sign-ins) are group-
 * committed by lib/db/logon-writer.ts on the direct connection (lib/db/direct-sql.ts), not
 * in a Prisma interactive transaction, whose bookkeeping cost a logon more CPU than the SQL
 * did (bench/logon-http.ts).
 */
import { auditRowHash, GENESIS_HASH, type ChainedAuditContent } from '../audit/chain';
import type { AuditEventInput } from '../pin/types';
import type { Provider } from '../../prisma/providers';
import type { DirectSql } from './direct-sql';
import { bindSql, insertRows, type RawClient } from './raw-sql';


const auditColumns = {
  at: 'at',
  actorType: 'actor_type',
  actorId: 'actor_id',
  actorName: 'actor_name',
  action: 'action',
  targetType: 'target_type',
  targetId: 'target_id',
  targetName: 'target_name',
  sourceAddress: 'source_address',
  userAgent: 'user_agent',
  outcome: 'outcome',
  details: 'details',
  prevHash: 'prev_hash',
  hash: 'hash',
} as const;

/**
 * Takes the audit chain head row for the rest of the transaction and returns the last hash:
 * one UPDATE … RETURNING (a row lock on PostgreSQL; SQLite's BEGIN IMMEDIATE already holds
 * the database). The row is created on first use.
 */
export async function lockChainHead(tx: RawClient): Promise<string> {
  const lock = () => tx.$queryRawUnsafe<{ last_hash: string }[]>('UPDATE audit_chain_head SET last_id = last_id WHERE id = 1 RETURNING last_hash');
  let rows = await lock();
  if (rows.length === 0) {
    // Two first-ever writers may race here; ON CONFLICT lets the loser go on (same SQL on both engines).
    await tx.$executeRawUnsafe(`INSERT INTO audit_chain_head (id, last_id, last_hash) VALUES (1, 0, '${GENESIS_HASH}') ON CONFLICT (id) DO NOTHING`);
    rows = await lock();
  }
  return rows[0].last_hash;
}

export function auditContent(event: AuditEventInput): ChainedAuditContent {
  return {
    at: new Date(event.at).toISOString(),
    actorType: event.actor.type,
    actorId: 'id' in event.actor ? event.actor.id : null,
    actorName: event.actor.name.slice(0, 256),
    action: event.action,
    targetType: event.target?.type ?? null,
    targetId: event.target?.id ?? null,
    targetName: (event.target?.name ?? '').slice(0, 512),
    sourceAddress: (event.context?.sourceAddress ?? '').slice(0, 128),
    userAgent: (event.context?.userAgent ?? '').slice(0, 512),
    outcome: event.outcome,
    // A change made through an API token names the token, whatever the use case recorded.
    details: JSON.stringify('apiTokenId' in event.actor && event.actor.apiTokenId ? { ...event.details, apiTokenId: event.actor.apiTokenId } : (event.details ?? {})),
  };
}

/** The events as chained rows after `prevHash`, and the hash the chain then ends with. */
function chainRows(prevHash: string, events: AuditEventInput[]) {
  const rows = events.map((event) => {
    const content = auditContent(event);
    const hash = auditRowHash(prevHash, content);
    const row = { ...content, at: new Date(content.at), prevHash, hash };
    prevHash = hash;
    return row;
  });
  return { rows, lastHash: prevHash };
}

/** Chains and inserts events, in order, inside the caller's transaction; returns the new head hash (null: no events). */
export async function appendChained(tx: RawClient, provider: Provider, events: AuditEventInput[]): Promise<string | null> {
  if (events.length === 0) return null;
  const { rows, lastHash } = chainRows(await lockChainHead(tx), events);
  const ids = await insertRows(tx, provider, 'audit_event', auditColumns, rows, 'id');
  const lastId = Math.max(...ids.map(Number));
  const { sql, args } = bindSql(provider, 'UPDATE audit_chain_head SET last_id = $1, last_hash = $2 WHERE id = 1', [lastId, lastHash]);
  await tx.$executeRawUnsafe(sql, ...args);
  return lastHash;
}

/**
 * Another write for appendChainedIfHead's statement (a data-modifying CTE), to commit with
 * the events: `param` adds a parameter and returns its placeholder; `appended` is a condition
 * that holds only if the events were appended, for the write's WHERE.
 */
export type AlongsideSql = (param: (value: unknown) => string, appended: string) => string;

/**
 * PostgreSQL only: appends events in one statement, on the condition that the chain still
 * ends with `expectedHead` (compare-and-swap under the head row's lock, so ids follow the
 * chain as in appendChained). Returns the new head hash, or null when another writer moved
 * the head first and nothing was written (nor `alongside`). One round trip instead of
 * appendChained's five (BEGIN, lock, insert, head, COMMIT): the logon path's audit cost on
 * PostgreSQL.
 */
export async function appendChainedIfHead(direct: DirectSql, expectedHead: string, events: AuditEventInput[], alongside?: AlongsideSql): Promise<string | null> {
  const { rows, lastHash } = chainRows(expectedHead, events);
  const fields = Object.keys(auditColumns) as (keyof typeof auditColumns)[];
  const args: unknown[] = [expectedHead, lastHash];
  const param = (value: unknown) => {
    args.push(value);
    return `$${args.length}`;
  };
  const tuples = rows.map((row) => {
    const marks = fields.map((field) => {
      args.push(row[field]);
      // VALUES in a SELECT has no target columns to type its parameters: cast them.
      return `$${args.length}::${field === 'at' ? 'timestamp(3)' : 'text'}`;
    });
    return `(${marks.join(', ')})`;
  });
  const columns = fields.map((field) => `"${auditColumns[field]}"`).join(', ');
  const updated = await direct.query<{ last_id: number }>(
    `WITH head AS (SELECT last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE),
     inserted AS (
       INSERT INTO audit_event (${columns})
       SELECT * FROM (VALUES ${tuples.join(', ')}) AS v(${columns})
       WHERE (SELECT last_hash FROM head) = $1
       RETURNING id)${alongside ? `,
     alongside AS (${alongside(param, 'EXISTS (SELECT 1 FROM inserted)')})` : ''}
     UPDATE audit_chain_head SET last_id = (SELECT max(id) FROM inserted), last_hash = $2
     WHERE id = 1 AND EXISTS (SELECT 1 FROM inserted)
     RETURNING last_id`,
    args,
  );
  return updated.length === 1 ? lastHash : null;
}
