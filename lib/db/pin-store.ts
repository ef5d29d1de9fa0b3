/**
 * lib/pin's PinStore, for SQLite and PostgreSQL alike, on lib/db/executor.ts: the logon path
 * is hot (Prisma's query compiler costs more CPU than its statements), and every change
 * commits atomically with its audit event, alone or in a bulk job's batch, through the same
 * helpers. The logon counter is one UPDATE … RETURNING statement (atomic on both engines,
 * across processes); every other write runs in a transaction that first takes the audit
 * chain's head row, which serializes audited writers on PostgreSQL as BEGIN IMMEDIATE does
 * on SQLite.
 */
import { randomUUID } from 'node:crypto';
import type { CallerQuery, IdentityQuery } from '../pin/identity';
import { OBSERVATION_WINDOW_MS, TEMPORARY_LOCKOUT_MS, type Claim, type LogonLimits } from '../pin/lockout';
import type { LogonCandidate, NewPin, PinStore, PinStoreReader, PinStoreTx, PinStoreWriter } from '../pin/store';
import type { DirectoryUserRecord, PinPolicy, PinSetMethod, PinStateRecord, PolicyScope } from '../pin/types';
import type { Provider } from '../../prisma/providers';
import type { DbHandle } from './client';
import { appendChained, lockChainHead } from './audit-writer';
import type { SqlClient } from './executor';
import { createGroupCommit, type GroupCommitPacing } from './group-commit';
import { parseJsonStringArray } from './json-columns';
import { empty, insertInto, join, raw, sql, type Sql } from './sql';
import { wildcardToLike } from '../validation/wildcard';

/** Rows of PIN history kept per user: the largest PINHistoryCount allowed. */
const HISTORY_KEPT = 20;
const num = (value: bigint | number | string | null) => (value === null ? null : Number(value));

/** `*` is the only wildcard (runs of it are one); LIKE's own % and _ are taken literally. */
function likePattern(pattern: string): string {
  return wildcardToLike(pattern.toLowerCase());
}

/** A user with the names of their site and granted policy: one query, no relation round trips. */
const USER_COLUMNS = raw(`u.id, u.display_name, u.sam_account_name, u.domain, u.upn, u.sip_address, u.distinguished_name,
  u.line_uri, u.extension, u.other_phones, u.enabled, s.name AS site_name, p.identity AS granted_policy
  FROM directory_user u LEFT JOIN site s ON s.id = u.site_id LEFT JOIN pin_policy p ON p.id = u.pin_policy_id`);

type RawUserRow = {
  id: string;
  display_name: string;
  sam_account_name: string;
  domain: string;
  upn: string;
  sip_address: string;
  distinguished_name: string;
  line_uri: string;
  extension: string;
  other_phones: string;
  enabled: boolean | number | bigint;
  site_name: string | null;
  granted_policy: string | null;
};

function fromRawUser(row: RawUserRow): DirectoryUserRecord {
  return {
    id: row.id,
    displayName: row.display_name,
    samAccountName: row.sam_account_name,
    domain: row.domain,
    upn: row.upn,
    sipAddress: row.sip_address,
    distinguishedName: row.distinguished_name,
    lineUri: row.line_uri,
    extension: row.extension,
    otherPhones: parseJsonStringArray(row.other_phones),
    siteName: row.site_name,
    // SQLite has no boolean type: it answers 0 / 1.
    enabled: row.enabled === true || Number(row.enabled) === 1,
    grantedPolicy: row.granted_policy,
  };
}

const PIN_STATE_COLUMNS = `pin_hash, pin_length, pin_set_at, pin_set_method, pin_set_by, admin_locked_at, admin_locked_by,
  system_locked_at, locked_until, window_start, local_failures, global_failures, last_failure_at, last_logon_at`;

type Int = number | bigint | string;
type RawPinState = {
  pin_hash: string | null;
  pin_length: Int;
  pin_set_at: Int | null;
  pin_set_method: string | null;
  pin_set_by: string | null;
  admin_locked_at: Int | null;
  admin_locked_by: string | null;
  system_locked_at: Int | null;
  locked_until: Int | null;
  window_start: Int | null;
  local_failures: Int;
  global_failures: Int;
  last_failure_at: Int | null;
  last_logon_at: Int | null;
};

function fromRawPinState(row: RawPinState): PinStateRecord {
  return {
    pinHash: row.pin_hash,
    pinLength: Number(row.pin_length),
    pinSetAt: num(row.pin_set_at),
    pinSetMethod: row.pin_set_method as PinSetMethod | null,
    pinSetBy: row.pin_set_by,
    adminLockedAt: num(row.admin_locked_at),
    adminLockedBy: row.admin_locked_by,
    systemLockedAt: num(row.system_locked_at),
    lockedUntil: num(row.locked_until),
    windowStart: num(row.window_start),
    localFailures: Number(row.local_failures),
    globalFailures: Number(row.global_failures),
    lastFailureAt: num(row.last_failure_at),
    lastLogonAt: num(row.last_logon_at),
  };
}

export const POLICY_COLUMNS = `identity, scope, description, min_password_length, pin_history_count, pin_lifetime,
  allow_common_patterns, maximum_logon_attempts`;

export type RawPolicy = {
  identity: string;
  scope: string;
  description: string;
  min_password_length: Int;
  pin_history_count: Int;
  pin_lifetime: Int;
  allow_common_patterns: boolean | Int;
  maximum_logon_attempts: Int | null;
};

export function fromRawPolicy(row: RawPolicy): PinPolicy {
  return {
    identity: row.identity,
    scope: row.scope as PolicyScope,
    description: row.description,
    minPasswordLength: Number(row.min_password_length),
    pinHistoryCount: Number(row.pin_history_count),
    pinLifetime: Number(row.pin_lifetime),
    allowCommonPatterns: row.allow_common_patterns === true || Number(row.allow_common_patterns) === 1,
    maximumLogonAttempts: num(row.maximum_logon_attempts),
  };
}

/** The WHERE condition that finds the users a bridge caller may be. */
function callerCondition(query: CallerQuery): Sql {
  switch (query.kind) {
    case 'extension':
      return sql`u.extension = ${query.extension}`;
    case 'phone':
      if (query.extension === null) return sql`u.line_digits IN (${join(query.digits)})`;
      return sql`u.line_digits IN (${join(query.digits)}) AND u.extension = ${query.extension}`;
    case 'sip-or-upn':
      return sql`u.sip_address = ${`sip:${query.value}`} OR u.upn = ${query.value}`;
  }
}

const policyColumnsAs = (alias: string) =>
  POLICY_COLUMNS.split(',')
    .map((c) => `${alias}.${c.trim()} AS ${alias}_${c.trim()}`)
    .join(', ');

/**
 * Everything a logon reads, in one statement: the user, their PIN state, and the three
 * policies that may govern them (granted, their site's, global).
 */
const LOGON_CANDIDATE_COLUMNS = raw(`u.id, u.display_name, u.sam_account_name, u.domain, u.upn, u.sip_address, u.distinguished_name,
  u.line_uri, u.extension, u.other_phones, u.enabled, s.name AS site_name, gp.identity AS granted_policy,
  ${PIN_STATE_COLUMNS.split(',')
    .map((c) => `ps.${c.trim()}`)
    .join(', ')}, ps.user_id AS ps_user_id,
  ${policyColumnsAs('gp')}, ${policyColumnsAs('sp')}, ${policyColumnsAs('dp')}
  FROM directory_user u
  LEFT JOIN site s ON s.id = u.site_id
  LEFT JOIN pin_state ps ON ps.user_id = u.id
  LEFT JOIN pin_policy gp ON gp.id = u.pin_policy_id
  LEFT JOIN pin_policy sp ON sp.identity = 'site:' || s.name
  LEFT JOIN pin_policy dp ON dp.identity = 'global'`);

type RawLogonCandidate = RawUserRow & RawPinState & { ps_user_id: string | null } & Record<string, unknown>;

function fromRawLogonCandidate(row: RawLogonCandidate): LogonCandidate {
  const policies: PinPolicy[] = [];
  for (const alias of ['gp', 'sp', 'dp']) {
    if (row[`${alias}_identity`] === null || row[`${alias}_identity`] === undefined) continue;
    const raw = Object.fromEntries(POLICY_COLUMNS.split(',').map((c) => [c.trim(), row[`${alias}_${c.trim()}`]])) as RawPolicy;
    policies.push(fromRawPolicy(raw));
  }
  return { user: fromRawUser(row), state: row.ps_user_id === null ? null : fromRawPinState(row), policies };
}

/** The reads of lib/pin's store, alone or inside a transaction (`client`). */
function createReader(client: SqlClient): PinStoreReader {
  const selectUsers = async (condition: Sql, limit: number) =>
    (await client.query<RawUserRow>(sql`SELECT ${USER_COLUMNS} WHERE ${condition} ORDER BY u.display_name_key, u.id LIMIT ${limit}`)).map(fromRawUser);
  const count = async (statement: Sql) => Number((await client.query<{ n: Int }>(statement))[0].n);

  return {
    async findUsers(query: IdentityQuery, limit: number) {
      switch (query.kind) {
        case 'id':
          return selectUsers(sql`u.id = ${query.id}`, limit);
        case 'sip':
          return selectUsers(sql`u.sip_address = ${query.sipAddress}`, limit);
        case 'sip-or-upn':
          return selectUsers(sql`u.sip_address = ${`sip:${query.value}`} OR u.upn = ${query.value}`, limit);
        case 'account':
          return selectUsers(sql`u.domain = ${query.domain} AND u.sam_account_name_key = ${query.samAccountName}`, limit);
        case 'dn':
          return selectUsers(sql`u.distinguished_name = ${query.distinguishedName}`, limit);
        case 'display-name':
          return selectUsers(sql`u.display_name_key LIKE ${likePattern(query.pattern)} ESCAPE '\\'`, limit);
      }
    },
    async findCallers(query: CallerQuery, limit: number) {
      return selectUsers(callerCondition(query), limit);
    },
    // The logon path's read: one statement, prepared once per connection (its text varies
    // only with the number of phone digit forms, a handful).
    async findLogonCandidates(query: CallerQuery, limit: number) {
      const statement = sql`SELECT ${LOGON_CANDIDATE_COLUMNS} WHERE ${callerCondition(query)} ORDER BY u.display_name_key, u.id LIMIT ${limit}`;
      return (await client.query<RawLogonCandidate>(statement, { prepared: true })).map(fromRawLogonCandidate);
    },
    async getPinState(userId: string) {
      const [row] = await client.query<RawPinState>(sql`SELECT ${raw(PIN_STATE_COLUMNS)} FROM pin_state WHERE user_id = ${userId}`, { prepared: true });
      return row ? fromRawPinState(row) : null;
    },
    async getPinHistory(userId: string, count: number) {
      if (count <= 0) return [];
      const rows = await client.query<{ pin_hash: string }>(
        sql`SELECT pin_hash FROM pin_history WHERE user_id = ${userId} ORDER BY set_at DESC LIMIT ${count}`,
      );
      return rows.map((r) => r.pin_hash);
    },
    async getPolicies(identities: string[]) {
      if (identities.length === 0) return [];
      return (await client.query<RawPolicy>(sql`SELECT ${raw(POLICY_COLUMNS)} FROM pin_policy WHERE identity IN (${join(identities)})`)).map(fromRawPolicy);
    },
    async listPolicies() {
      return (await client.query<RawPolicy>(sql`SELECT ${raw(POLICY_COLUMNS)} FROM pin_policy ORDER BY identity`)).map(fromRawPolicy);
    },
    async siteExists(name: string) {
      return (await client.query(sql`SELECT 1 AS one FROM site WHERE name = ${name} LIMIT 1`)).length > 0;
    },
    async countUsersGoverned(identity: string) {
      if (identity.startsWith('tag:')) {
        return count(sql`SELECT COUNT(*) AS n FROM directory_user u JOIN pin_policy p ON p.id = u.pin_policy_id WHERE p.identity = ${identity}`);
      }
      if (identity.startsWith('site:')) {
        return count(
          sql`SELECT COUNT(*) AS n FROM directory_user u JOIN site s ON s.id = u.site_id WHERE u.pin_policy_id IS NULL AND s.name = ${identity.slice(5)}`,
        );
      }
      // Global: users with no granted policy whose site (if any) has no policy of its own.
      return count(sql`SELECT COUNT(*) AS n FROM directory_user u WHERE u.pin_policy_id IS NULL AND NOT EXISTS (
        SELECT 1 FROM site s JOIN pin_policy sp ON sp.identity = 'site:' || s.name WHERE s.id = u.site_id)`);
    },
  };
}

/** The writes of lib/pin's store, inside a transaction that holds the audit chain's head. */
function createWriter(tx: SqlClient): PinStoreWriter {
  const clearedFailures = sql`local_failures = 0, global_failures = 0, window_start = NULL, locked_until = NULL, system_locked_at = NULL`;
  const policyId = (identity: string) => sql`(SELECT id FROM pin_policy WHERE identity = ${identity})`;
  return {
    savePin: (userId, pin) => savePins(tx, [{ userId, pin }]),
    async replacePinHash(userId, previousHash, hash) {
      await tx.execute(sql`UPDATE pin_state SET pin_hash = ${hash} WHERE user_id = ${userId} AND pin_hash = ${previousHash}`);
      await tx.execute(sql`UPDATE pin_history SET pin_hash = ${hash} WHERE user_id = ${userId} AND pin_hash = ${previousHash}`);
    },
    async setAdminLock(userId, at, by) {
      await tx.execute(sql`INSERT INTO pin_state (user_id, admin_locked_at, admin_locked_by) VALUES (${userId}, CAST(${at} AS BIGINT), ${by})
        ON CONFLICT (user_id) DO UPDATE SET admin_locked_at = excluded.admin_locked_at, admin_locked_by = excluded.admin_locked_by`);
    },
    async unlock(userId) {
      await tx.execute(sql`UPDATE pin_state SET admin_locked_at = NULL, admin_locked_by = NULL, ${clearedFailures} WHERE user_id = ${userId}`);
    },
    async createPolicy(policy) {
      const now = new Date();
      await tx.execute(insertInto('pin_policy', policyColumns, [{ id: randomUUID(), ...policyRow(policy), createdAt: now, updatedAt: now }]));
    },
    async updatePolicy(policy) {
      const row = policyRow(policy);
      const updated =
        await tx.execute(sql`UPDATE pin_policy SET scope = ${row.scope}, description = ${row.description}, min_password_length = ${row.minPasswordLength},
        pin_history_count = ${row.pinHistoryCount}, pin_lifetime = ${row.pinLifetime}, allow_common_patterns = ${row.allowCommonPatterns},
        maximum_logon_attempts = ${row.maximumLogonAttempts}, updated_at = ${new Date()} WHERE identity = ${policy.identity}`);
      if (updated === 0) throw new Error(`No PIN policy "${policy.identity}" to update.`);
    },
    async deletePolicy(identity) {
      await tx.execute(sql`UPDATE directory_user SET pin_policy_id = NULL WHERE pin_policy_id = ${policyId(identity)}`);
      // Thrown inside the transaction, so the grants cleared above roll back with it.
      if ((await tx.execute(sql`DELETE FROM pin_policy WHERE identity = ${identity}`)) === 0) throw new Error(`No PIN policy "${identity}" to delete.`);
    },
    async grantPolicy(userIds, identity) {
      const granted = identity === null ? sql`NULL` : policyId(identity);
      for (let i = 0; i < userIds.length; i += 500) {
        await tx.execute(sql`UPDATE directory_user SET pin_policy_id = ${granted} WHERE id IN (${join(userIds.slice(i, i + 500))})`);
      }
    },
    appendAudit: async (event) => {
      await appendChained(tx, [event]);
    },
  };
}

const policyColumns = {
  id: 'id',
  identity: 'identity',
  scope: 'scope',
  description: 'description',
  minPasswordLength: 'min_password_length',
  pinHistoryCount: 'pin_history_count',
  pinLifetime: 'pin_lifetime',
  allowCommonPatterns: 'allow_common_patterns',
  maximumLogonAttempts: 'maximum_logon_attempts',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const;

/** A policy's fields as the pin_policy table's model names them (Prisma and insertInto alike). */
export const policyRow = (policy: PinPolicy) => ({
  identity: policy.identity,
  scope: policy.scope,
  description: policy.description,
  minPasswordLength: policy.minPasswordLength,
  pinHistoryCount: policy.pinHistoryCount,
  pinLifetime: policy.pinLifetime,
  allowCommonPatterns: policy.allowCommonPatterns,
  maximumLogonAttempts: policy.maximumLogonAttempts,
});

/**
 * DOMAIN.md §5 as one statement; lib/pin/lockout.ts claimAttempt() is its specification.
 * Its text is the same for every claim (prepared once per connection).
 */
function claimStatement(provider: Provider, userId: string, now: number, limits: LogonLimits): Sql {
  const at = sql`CAST(${now} AS BIGINT)`;
  const fresh = sql`(window_start IS NULL OR window_start + CAST(${OBSERVATION_WINDOW_MS} AS BIGINT) <= ${at} OR (locked_until IS NOT NULL AND locked_until <= ${at}))`;
  return sql`
UPDATE pin_state SET
  local_failures = CASE WHEN ${fresh} THEN 1 ELSE local_failures + 1 END,
  window_start = CASE WHEN ${fresh} THEN ${at} ELSE window_start END,
  global_failures = global_failures + 1,
  locked_until = CASE WHEN (CASE WHEN ${fresh} THEN 1 ELSE local_failures + 1 END) >= ${limits.local}
                 THEN ${at} + CAST(${TEMPORARY_LOCKOUT_MS} AS BIGINT) ELSE NULL END,
  system_locked_at = CASE WHEN global_failures + 1 >= ${limits.global} THEN ${at} ELSE NULL END,
  last_failure_at = ${at}
WHERE user_id = ${userId}
  AND pin_hash IS NOT NULL
  AND admin_locked_at IS NULL
  AND system_locked_at IS NULL
  AND (locked_until IS NULL OR locked_until <= ${at})
RETURNING local_failures, global_failures${provider === 'postgresql' ? PG_COMMIT_MODE : empty}`;
}

/**
 * On PostgreSQL the claim's commit does not wait for its WAL to reach the disk
 * (synchronous_commit off for this statement's own transaction only; set_config runs for the
 * updated row, before the commit). Nothing answered can lose its claim that way: the caller
 * gets an answer only after the attempt's audit event has committed, synchronously and later,
 * and flushing WAL up to that commit flushes this claim's record with it (the log is written
 * in order). A database crash can lose only the claim of an attempt that was never answered.
 * Saves one of a logon's two disk flushes and the wait for it (bench/README.md).
 */
const PG_COMMIT_MODE = raw(`, set_config('synchronous_commit', 'off', true) AS commit_mode`);

/**
 * Stores new PINs (PinStoreWriter.savePin, for one user or a bulk job's batch) in three
 * statements whatever their number, because a bulk job saves thousands.
 */
export async function savePins(tx: SqlClient, entries: { userId: string; pin: NewPin }[]): Promise<void> {
  if (entries.length === 0) return;
  // One row per user (the last PIN wins), or PostgreSQL refuses to upsert a row twice.
  const latest = [...new Map(entries.map((e) => [e.userId, e])).values()];
  // PostgreSQL types a multi-row VALUES list's parameters as text unless told.
  const bigint = (value: number) => sql`CAST(${value} AS BIGINT)`;
  const stateColumns = { userId: 'user_id', hash: 'pin_hash', length: 'pin_length', setAt: 'pin_set_at', method: 'pin_set_method', setBy: 'pin_set_by' };
  const states = latest.map(({ userId, pin }) => ({
    userId,
    hash: pin.hash,
    length: pin.length,
    setAt: bigint(pin.setAt),
    method: pin.method,
    setBy: pin.setBy,
  }));
  await tx.execute(sql`${insertInto('pin_state', stateColumns, states)}
     ON CONFLICT (user_id) DO UPDATE SET pin_hash = excluded.pin_hash, pin_length = excluded.pin_length,
       pin_set_at = excluded.pin_set_at, pin_set_method = excluded.pin_set_method, pin_set_by = excluded.pin_set_by,
       local_failures = 0, global_failures = 0, window_start = NULL, locked_until = NULL, system_locked_at = NULL`);
  const historyColumns = { id: 'id', userId: 'user_id', hash: 'pin_hash', setAt: 'set_at' };
  await tx.execute(
    insertInto(
      'pin_history',
      historyColumns,
      entries.map(({ userId, pin }) => ({ id: randomUUID(), userId, hash: pin.hash, setAt: bigint(pin.setAt) })),
    ),
  );
  const users = join(latest.map((e) => e.userId));
  await tx.execute(sql`DELETE FROM pin_history WHERE user_id IN (${users}) AND id NOT IN (
       SELECT id FROM (
         SELECT id, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY set_at DESC, id DESC) AS position
         FROM pin_history WHERE user_id IN (${users})) ranked
       WHERE position <= ${HISTORY_KEPT})`);
}

/** PIN states by user id, for a batch (bulk jobs); users without a row are absent. */
export async function getPinStates(client: SqlClient, userIds: string[]): Promise<Map<string, PinStateRecord>> {
  const states = new Map<string, PinStateRecord>();
  for (let i = 0; i < userIds.length; i += 500) {
    const ids = join(userIds.slice(i, i + 500));
    for (const row of await client.query<RawPinState & { user_id: string }>(
      sql`SELECT user_id, ${raw(PIN_STATE_COLUMNS)} FROM pin_state WHERE user_id IN (${ids})`,
    )) {
      states.set(row.user_id, fromRawPinState(row));
    }
  }
  return states;
}

/** A PinStoreTx over an open transaction whose other writes (bulk job rows) commit with it. */
export function pinStoreTx(tx: SqlClient): PinStoreTx {
  return { ...createReader(tx), ...createWriter(tx) };
}

/** Users by id with their PIN state (null: never set), for bulk jobs; 500 ids per query. */
export async function findUsersWithState(
  client: SqlClient,
  userIds: string[],
): Promise<Map<string, { user: DirectoryUserRecord; state: PinStateRecord | null }>> {
  const found = new Map<string, { user: DirectoryUserRecord; state: PinStateRecord | null }>();
  for (let i = 0; i < userIds.length; i += 500) {
    const ids = join(userIds.slice(i, i + 500));
    for (const row of await client.query<RawUserRow>(sql`SELECT ${USER_COLUMNS} WHERE u.id IN (${ids})`))
      found.set(row.id, { user: fromRawUser(row), state: null });
  }
  for (const [userId, state] of await getPinStates(client, userIds)) {
    const entry = found.get(userId);
    if (entry) entry.state = state;
  }
  return found;
}

export type PinStoreOptions = {
  /** When the group commit of logon audit events may wait for more (lib/db/group-commit.ts). */
  auditPacing?: GroupCommitPacing;
};

export function createPinStore({ target, executor }: DbHandle, options: PinStoreOptions = {}): PinStore {
  const provider = target.provider;
  const groupCommit = createGroupCommit(executor, provider, options.auditPacing);

  return {
    ...createReader(executor),
    transaction: (fn) =>
      executor.transaction(async (tx) => {
        await lockChainHead(tx);
        return fn(pinStoreTx(tx));
      }),
    async claimLogonAttempt(userId: string, now: number, limits: LogonLimits): Promise<Claim | null> {
      const rows = await executor.query<{ local_failures: Int; global_failures: Int }>(claimStatement(provider, userId, now, limits), { prepared: true });
      if (rows.length === 0) return null;
      const localFailures = Number(rows[0].local_failures);
      const globalFailures = Number(rows[0].global_failures);
      return {
        localFailures,
        globalFailures,
        triggeredTemporaryLock: localFailures >= limits.local,
        triggeredSystemLock: globalFailures >= limits.global,
      };
    },
    // Group-committed together (lib/db/group-commit.ts).
    settleLogonSuccess: (userId: string, now: number, claim: Claim) => groupCommit.settle({ userId, now, claim }),
    appendAudit: (event) => groupCommit.append(event),
  };
}
