/**
 * Appends to the hash-chained audit trail (lib/audit/chain.ts), keyed with AUDIT_CHAIN_KEY.
 * When the trail ends with a row written before the chain was keyed, the appended events
 * are preceded by the switch-over event; every append path below chains through chainRows,
 * so any may be the one that writes it.
 *
 * Inside a use case's transaction the event is chained and inserted there, so it commits
 * with the change: appendChained on lib/db/executor.ts (the PIN store, bulk jobs), or
 * appendChainedInPrisma for admin changes written with Prisma. Events that stand alone (PIN logon attempts, sign-ins) are group-
 * committed by lib/db/group-commit.ts through lib/db/executor.ts, not in a Prisma
 * interactive transaction, whose bookkeeping cost a logon more CPU than the SQL did
 * (bench/README.md).
 */
import { CHAIN_KEYED_ACTION, GENESIS_HASH, keyedRowHash, needsSwitchOver, type ChainedAuditContent } from '../audit/chain';
import { getAuditChainKey } from '../config/secrets';
import { countAuditEvents } from '../ops/audit-metrics';
import type { AuditEventInput } from '../pin/types';
import { activityOf } from '../overview/activity-of-events';
import { activityArrays, addActivity, addActivityInPrisma } from './activity-counts';
import type { DbTx } from './client';
import type { SqlClient } from './executor';
import { empty, insertInto, join, raw, sql, type Sql } from './sql';

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
export async function lockChainHead(tx: SqlClient): Promise<string> {
  const lock = () => tx.query<{ last_hash: string }>(sql`UPDATE audit_chain_head SET last_id = last_id WHERE id = 1 RETURNING last_hash`, { prepared: true });
  let rows = await lock();
  if (rows.length === 0) {
    // Two first-ever writers may race here; ON CONFLICT lets the loser go on (same SQL on both engines).
    await tx.execute(sql`INSERT INTO audit_chain_head (id, last_id, last_hash) VALUES (1, 0, ${GENESIS_HASH}) ON CONFLICT (id) DO NOTHING`);
    rows = await lock();
  }
  return rows[0].last_hash;
}

/**
 * lockChainHead for a Prisma transaction (admin changes written with Prisma, which cannot
 * share a transaction with lib/db/executor.ts): the same row lock, through an upsert.
 */
export async function lockChainHeadInPrisma(tx: DbTx): Promise<string> {
  const head = await tx.auditChainHead.upsert({
    where: { id: 1 },
    create: { id: 1, lastId: 0, lastHash: GENESIS_HASH },
    update: { lastId: { increment: 0 } },
    select: { lastHash: true },
  });
  return head.lastHash;
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
    details: JSON.stringify(
      'apiTokenId' in event.actor && event.actor.apiTokenId ? { ...event.details, apiTokenId: event.actor.apiTokenId } : (event.details ?? {}),
    ),
  };
}

let chainKey: Buffer | undefined;

/** Read once per process; a missing key (production) fails the audited write, and with it the change. */
function auditChainKey(): Buffer {
  chainKey ??= getAuditChainKey();
  return chainKey;
}

/** The first keyed row after rows chained with plain SHA-256 (lib/audit/chain.ts). */
function switchOverEvent(at: number): AuditEventInput {
  return {
    at,
    actor: { type: 'system', name: 'PinDesk' },
    action: CHAIN_KEYED_ACTION,
    outcome: 'success',
    details: { note: 'Events before this one are chained with plain SHA-256; from this one on with HMAC-SHA-256 and AUDIT_CHAIN_KEY.' },
  };
}

/** The events as keyed rows after `prevHash` (the switch-over first if needed), and the hash the chain then ends with. */
function chainRows(prevHash: string, events: AuditEventInput[]) {
  const key = auditChainKey();
  const all = needsSwitchOver(prevHash) && events.length > 0 ? [switchOverEvent(events[0].at), ...events] : events;
  const rows = all.map((event) => {
    const content = auditContent(event);
    const hash = keyedRowHash(key, prevHash, content);
    const row = { ...content, at: new Date(content.at), prevHash, hash };
    prevHash = hash;
    return row;
  });
  return { rows, lastHash: prevHash };
}

/** Chains and inserts events, in order, inside the caller's transaction; returns the new head hash (null: no events). */
export async function appendChained(tx: SqlClient, events: AuditEventInput[]): Promise<string | null> {
  if (events.length === 0) return null;
  const { rows, lastHash } = chainRows(await lockChainHead(tx), events);
  const ids = await tx.query<{ id: number | string }>(sql`${insertInto('audit_event', auditColumns, rows)} RETURNING id`);
  const lastId = Math.max(...ids.map((row) => Number(row.id)));
  await tx.execute(sql`UPDATE audit_chain_head SET last_id = ${lastId}, last_hash = ${lastHash} WHERE id = 1`, { prepared: true });
  await addActivity(tx, activityOf(events));
  countAuditEvents(events);
  return lastHash;
}

/**
 * appendChained inside a Prisma transaction (admin changes written with Prisma: access
 * numbers, bridges, API tokens, bulk job results). One event at a time, so ids follow the
 * chain; these paths write one or two.
 */
export async function appendChainedInPrisma(tx: DbTx, events: AuditEventInput[]): Promise<string | null> {
  if (events.length === 0) return null;
  const { rows, lastHash } = chainRows(await lockChainHeadInPrisma(tx), events);
  let lastId = 0;
  for (const row of rows) lastId = (await tx.auditEvent.create({ data: row, select: { id: true } })).id;
  await tx.auditChainHead.update({ where: { id: 1 }, data: { lastId, lastHash }, select: { id: true } });
  await addActivityInPrisma(tx, activityOf(events));
  countAuditEvents(events);
  return lastHash;
}

/**
 * Another write for appendChainedIfHead's statement (a data-modifying CTE), to commit with
 * the events: `appended` is a condition that holds only if the events were appended, for the
 * write's WHERE. Its text must not depend on the batch (pass arrays): the statement is
 * prepared once per connection.
 */
export type AlongsideSql = (appended: Sql) => Sql;

/**
 * PostgreSQL only: appends events in one statement, on the condition that the chain still
 * ends with `expectedHead` (compare-and-swap under the head row's lock, so ids follow the
 * chain as in appendChained). One round trip instead of appendChained's five (BEGIN, lock,
 * insert, head, COMMIT): the logon path's audit cost on PostgreSQL. The events travel as one
 * array per column, so the statement's text is the same for every batch size.
 * Returns the new head hash, or, when another writer moved the head first and nothing was
 * written (nor `alongside`), `{ head }`: the hash the chain ends with now, to try again with.
 */
export async function appendChainedIfHead(
  executor: SqlClient,
  expectedHead: string,
  events: AuditEventInput[],
  alongside?: AlongsideSql,
): Promise<{ appended: true; head: string } | { appended: false; head: string | null }> {
  const { rows, lastHash } = chainRows(expectedHead, events);
  const fields = Object.keys(auditColumns) as (keyof typeof auditColumns)[];
  const arrays = join(fields.map((field) => sql`${rows.map((row) => row[field])}::${raw(field === 'at' ? 'timestamp(3)' : 'text')}[]`));
  const columns = raw(fields.map((field) => `"${auditColumns[field]}"`).join(', '));
  const inserted = sql`EXISTS (SELECT 1 FROM inserted)`;
  // The Overview's counts, committed with the events (lib/db/activity-counts.ts); the arrays may be empty.
  const activity = activityArrays(activityOf(events));
  const [result] = await executor.query<{ seen_head: string | null; appended: number | string }>(
    sql`WITH head AS (SELECT last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE),
     inserted AS (
       INSERT INTO audit_event (${columns})
       SELECT ${columns} FROM unnest(${arrays}) WITH ORDINALITY AS v(${columns}, position)
       WHERE (SELECT last_hash FROM head) = ${expectedHead}
       ORDER BY position
       RETURNING id),
     activity AS (
       INSERT INTO activity_count (series, hour, key, count)
       SELECT * FROM unnest(${activity.series}::text[], ${activity.hours}::bigint[], ${activity.keys}::text[], ${activity.counts}::int[])
       WHERE ${inserted}
       ON CONFLICT (series, hour, key) DO UPDATE SET count = activity_count.count + EXCLUDED.count),${
         alongside
           ? sql`
     alongside AS (${alongside(inserted)}),`
           : empty
       }
     moved AS (
       UPDATE audit_chain_head SET last_id = (SELECT max(id) FROM inserted), last_hash = ${lastHash}
       WHERE id = 1 AND ${inserted}
       RETURNING last_id)
     SELECT (SELECT last_hash FROM head) AS seen_head, (SELECT count(*) FROM moved) AS appended`,
    { prepared: true },
  );
  if (Number(result.appended) !== 1) return { appended: false, head: result.seen_head };
  countAuditEvents(events);
  return { appended: true, head: lastHash };
}
