/**
 * lib/pin's PinStore over Prisma, for SQLite and PostgreSQL alike. The logon counter is one
 * UPDATE … RETURNING statement (atomic on both engines, across processes); every other
 * write runs in a transaction that first takes the audit chain's head row, which serializes
 * audited writers on PostgreSQL as BEGIN IMMEDIATE does on SQLite.
 */
import { randomUUID } from 'node:crypto';
import type { CallerQuery, IdentityQuery } from '../pin/identity';
import { OBSERVATION_WINDOW_MS, TEMPORARY_LOCKOUT_MS, type Claim, type LogonLimits } from '../pin/lockout';
import type { LogonCandidate, NewPin, PinStore, PinStoreReader, PinStoreTx, PinStoreWriter } from '../pin/store';
import type { AuditEventInput, DirectoryUserRecord, PinPolicy, PinSetMethod, PinStateRecord, PolicyScope } from '../pin/types';
import type { Provider } from '../../prisma/providers';
import type { Db, DbHandle, DbTx } from './client';
import { appendChained, lockChainHead } from './audit-writer';
import { createGroupCommit, type GroupCommitPacing } from './group-commit';
import { parseJsonStringArray } from './json-columns';
import { bindSql } from './raw-sql';
import { wildcardToLike } from '../validation/wildcard';

/** Rows of PIN history kept per user: the largest PINHistoryCount allowed. */
const HISTORY_KEPT = 20;
const TRANSACTION_TIMEOUT_MS = 30_000;

type Client = Db | DbTx;

const num = (value: bigint | number | string | null) => (value === null ? null : Number(value));

export function toPolicy(row: {
  identity: string;
  scope: string;
  description: string;
  minPasswordLength: number;
  pinHistoryCount: number;
  pinLifetime: number;
  allowCommonPatterns: boolean;
  maximumLogonAttempts: number | null;
}): PinPolicy {
  return {
    identity: row.identity,
    scope: row.scope as PolicyScope,
    description: row.description,
    minPasswordLength: row.minPasswordLength,
    pinHistoryCount: row.pinHistoryCount,
    pinLifetime: row.pinLifetime,
    allowCommonPatterns: row.allowCommonPatterns,
    maximumLogonAttempts: row.maximumLogonAttempts,
  };
}

function policyData(policy: PinPolicy) {
  return {
    scope: policy.scope,
    description: policy.description,
    minPasswordLength: policy.minPasswordLength,
    pinHistoryCount: policy.pinHistoryCount,
    pinLifetime: policy.pinLifetime,
    allowCommonPatterns: policy.allowCommonPatterns,
    maximumLogonAttempts: policy.maximumLogonAttempts,
  };
}

/** `*` is the only wildcard (runs of it are one); LIKE's own % and _ are taken literally. */
function likePattern(pattern: string): string {
  return wildcardToLike(pattern.toLowerCase());
}

/** A user with the names of their site and granted policy: one query, no relation round trips. */
const USER_COLUMNS = `u.id, u.display_name, u.sam_account_name, u.domain, u.upn, u.sip_address, u.distinguished_name,
  u.line_uri, u.extension, u.other_phones, u.enabled, s.name AS site_name, p.identity AS granted_policy
  FROM directory_user u LEFT JOIN site s ON s.id = u.site_id LEFT JOIN pin_policy p ON p.id = u.pin_policy_id`;

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

/** The WHERE clause ($1…) that finds the users a bridge caller may be. */
function callerCondition(query: CallerQuery): { condition: string; args: unknown[] } {
  switch (query.kind) {
    case 'extension':
      return { condition: 'u.extension = $1', args: [query.extension] };
    case 'phone': {
      const digits = query.digits.map((_, i) => `$${i + 1}`).join(', ');
      if (query.extension === null) return { condition: `u.line_digits IN (${digits})`, args: query.digits };
      return { condition: `u.line_digits IN (${digits}) AND u.extension = $${query.digits.length + 1}`, args: [...query.digits, query.extension] };
    }
    case 'sip-or-upn':
      return { condition: 'u.sip_address = $1 OR u.upn = $2', args: [`sip:${query.value}`, query.value] };
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
const LOGON_CANDIDATE_COLUMNS = `u.id, u.display_name, u.sam_account_name, u.domain, u.upn, u.sip_address, u.distinguished_name,
  u.line_uri, u.extension, u.other_phones, u.enabled, s.name AS site_name, gp.identity AS granted_policy,
  ${PIN_STATE_COLUMNS.split(',').map((c) => `ps.${c.trim()}`).join(', ')}, ps.user_id AS ps_user_id,
  ${policyColumnsAs('gp')}, ${policyColumnsAs('sp')}, ${policyColumnsAs('dp')}
  FROM directory_user u
  LEFT JOIN site s ON s.id = u.site_id
  LEFT JOIN pin_state ps ON ps.user_id = u.id
  LEFT JOIN pin_policy gp ON gp.id = u.pin_policy_id
  LEFT JOIN pin_policy sp ON sp.identity = 'site:' || s.name
  LEFT JOIN pin_policy dp ON dp.identity = 'global'`;

function logonCandidatesQuery(query: CallerQuery, limit: number): { sql: string; args: unknown[] } {
  const { condition, args } = callerCondition(query);
  return {
    sql: `SELECT ${LOGON_CANDIDATE_COLUMNS} WHERE ${condition} ORDER BY u.display_name_key, u.id LIMIT $${args.length + 1}`,
    args: [...args, limit],
  };
}

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

function createReader(db: Client, provider: Provider): PinStoreReader {
  /** `condition` uses $1… for `args`; the limit is appended as the last parameter. */
  const selectUsers = async (condition: string, args: unknown[], limit: number) => {
    const { sql, args: bound } = bindSql(
      provider,
      `SELECT ${USER_COLUMNS} WHERE ${condition} ORDER BY u.display_name_key, u.id LIMIT $${args.length + 1}`,
      [...args, limit],
    );
    return (await db.$queryRawUnsafe<RawUserRow[]>(sql, ...bound)).map(fromRawUser);
  };
  const sipOrUpn = (value: string, limit: number) => selectUsers('u.sip_address = $1 OR u.upn = $2', [`sip:${value}`, value], limit);

  return {
    async findUsers(query: IdentityQuery, limit: number) {
      switch (query.kind) {
        case 'id':
          return selectUsers('u.id = $1', [query.id], limit);
        case 'sip':
          return selectUsers('u.sip_address = $1', [query.sipAddress], limit);
        case 'sip-or-upn':
          return sipOrUpn(query.value, limit);
        case 'account':
          return selectUsers('u.domain = $1 AND u.sam_account_name_key = $2', [query.domain, query.samAccountName], limit);
        case 'dn':
          return selectUsers('u.distinguished_name = $1', [query.distinguishedName], limit);
        case 'display-name':
          return selectUsers(`u.display_name_key LIKE $1 ESCAPE '\\'`, [likePattern(query.pattern)], limit);
      }
    },
    async findCallers(query: CallerQuery, limit: number) {
      const { condition, args } = callerCondition(query);
      return selectUsers(condition, args, limit);
    },
    async findLogonCandidates(query: CallerQuery, limit: number) {
      const { sql, args } = logonCandidatesQuery(query, limit);
      const bound = bindSql(provider, sql, args);
      return (await db.$queryRawUnsafe<RawLogonCandidate[]>(bound.sql, ...bound.args)).map(fromRawLogonCandidate);
    },
    // The logon path's reads are raw SQL: Prisma's query compiler costs about 1 ms of CPU per
    // ORM query, a raw statement a fraction of that (bench/pin-logon.ts).
    async getPinState(userId: string) {
      const { sql, args } = bindSql(provider, `SELECT ${PIN_STATE_COLUMNS} FROM pin_state WHERE user_id = $1`, [userId]);
      const [row] = await db.$queryRawUnsafe<RawPinState[]>(sql, ...args);
      return row ? fromRawPinState(row) : null;
    },
    async getPinHistory(userId: string, count: number) {
      if (count <= 0) return [];
      const rows = await db.pinHistory.findMany({
        where: { userId },
        orderBy: { setAt: 'desc' },
        take: count,
        select: { pinHash: true },
      });
      return rows.map((r) => r.pinHash);
    },
    async getPolicies(identities: string[]) {
      if (identities.length === 0) return [];
      const marks = identities.map((_, i) => `$${i + 1}`).join(', ');
      const { sql, args } = bindSql(provider, `SELECT ${POLICY_COLUMNS} FROM pin_policy WHERE identity IN (${marks})`, identities);
      return (await db.$queryRawUnsafe<RawPolicy[]>(sql, ...args)).map(fromRawPolicy);
    },
    async listPolicies() {
      return (await db.pinPolicy.findMany({ orderBy: { identity: 'asc' } })).map(toPolicy);
    },
    async siteExists(name: string) {
      return (await db.site.count({ where: { name } })) > 0;
    },
    async countUsersGoverned(identity: string) {
      if (identity.startsWith('tag:')) return db.directoryUser.count({ where: { pinPolicy: { identity } } });
      if (identity.startsWith('site:')) {
        return db.directoryUser.count({ where: { pinPolicyId: null, site: { name: identity.slice(5) } } });
      }
      const sitesWithPolicy = (await db.pinPolicy.findMany({ where: { scope: 'site' }, select: { identity: true } })).map((p) =>
        p.identity.slice(5),
      );
      return db.directoryUser.count({
        where: { pinPolicyId: null, OR: [{ siteId: null }, { site: { name: { notIn: sitesWithPolicy } } }] },
      });
    },
  };
}

function createWriter(tx: DbTx, provider: Provider): PinStoreWriter {
  const clearedFailures = { localFailures: 0, globalFailures: 0, windowStart: null, lockedUntil: null, systemLockedAt: null };
  return {
    savePin: (userId, pin) => savePins(tx, provider, [{ userId, pin }]),
    async replacePinHash(userId, previousHash, hash) {
      await tx.pinState.updateMany({ where: { userId, pinHash: previousHash }, data: { pinHash: hash } });
      await tx.pinHistory.updateMany({ where: { userId, pinHash: previousHash }, data: { pinHash: hash } });
    },
    async setAdminLock(userId, at, by) {
      const fields = { adminLockedAt: BigInt(at), adminLockedBy: by };
      await tx.pinState.upsert({ where: { userId }, create: { userId, ...fields }, update: fields });
    },
    async unlock(userId) {
      await tx.pinState.updateMany({ where: { userId }, data: { adminLockedAt: null, adminLockedBy: null, ...clearedFailures } });
    },
    async createPolicy(policy) {
      await tx.pinPolicy.create({ data: { identity: policy.identity, ...policyData(policy) } });
    },
    async updatePolicy(policy) {
      await tx.pinPolicy.update({ where: { identity: policy.identity }, data: policyData(policy) });
    },
    async deletePolicy(identity) {
      await tx.directoryUser.updateMany({ where: { pinPolicy: { identity } }, data: { pinPolicyId: null } });
      await tx.pinPolicy.delete({ where: { identity } });
    },
    async grantPolicy(userIds, identity) {
      const policy = identity === null ? null : await tx.pinPolicy.findUnique({ where: { identity }, select: { id: true } });
      for (let i = 0; i < userIds.length; i += 500) {
        await tx.directoryUser.updateMany({ where: { id: { in: userIds.slice(i, i + 500) } }, data: { pinPolicyId: policy?.id ?? null } });
      }
    },
    appendAudit: async (event) => {
      await appendChained(tx, provider, [event]);
    },
  };
}

/**
 * DOMAIN.md §5 as one statement; lib/pin/lockout.ts claimAttempt() is its specification.
 * $1 now, $2 window, $3 lockout length, $4 local limit, $5 global limit, $6 user id.
 */
const CLAIM_SQL = `
UPDATE pin_state SET
  local_failures = CASE WHEN ${'FRESH'} THEN 1 ELSE local_failures + 1 END,
  window_start = CASE WHEN ${'FRESH'} THEN CAST($1 AS BIGINT) ELSE window_start END,
  global_failures = global_failures + 1,
  locked_until = CASE WHEN (CASE WHEN ${'FRESH'} THEN 1 ELSE local_failures + 1 END) >= $4
                 THEN CAST($1 AS BIGINT) + CAST($3 AS BIGINT) ELSE NULL END,
  system_locked_at = CASE WHEN global_failures + 1 >= $5 THEN CAST($1 AS BIGINT) ELSE NULL END,
  last_failure_at = CAST($1 AS BIGINT)
WHERE user_id = $6
  AND pin_hash IS NOT NULL
  AND admin_locked_at IS NULL
  AND system_locked_at IS NULL
  AND (locked_until IS NULL OR locked_until <= CAST($1 AS BIGINT))
RETURNING local_failures, global_failures`.replaceAll(
  'FRESH',
  '(window_start IS NULL OR window_start + CAST($2 AS BIGINT) <= CAST($1 AS BIGINT) OR (locked_until IS NOT NULL AND locked_until <= CAST($1 AS BIGINT)))',
);

/**
 * On PostgreSQL the claim's commit does not wait for its WAL to reach the disk
 * (synchronous_commit off for this statement's own transaction only; set_config runs for the
 * updated row, before the commit). Nothing answered can lose its claim that way: the caller
 * gets an answer only after the attempt's audit event has committed, synchronously and later,
 * and flushing WAL up to that commit flushes this claim's record with it (the log is written
 * in order). A database crash can lose only the claim of an attempt that was never answered.
 * Saves one of a logon's two disk flushes (each ~12 % of PostgreSQL's CPU under
 * bench:logon-http, most of it the VM's disk notification) and the wait for it.
 */
const PG_CLAIM_SQL = `${CLAIM_SQL}, set_config('synchronous_commit', 'off', true) AS commit_mode`;

/**
 * Stores new PINs (PinStoreWriter.savePin, for one user or a bulk job's batch) in three
 * statements whatever their number: raw SQL, because Prisma's upsert costs more CPU than
 * the database does, and a bulk job saves thousands.
 */
export async function savePins(tx: DbTx, provider: Provider, entries: { userId: string; pin: NewPin }[]): Promise<void> {
  if (entries.length === 0) return;
  const run = (sql: string, args: unknown[]) => {
    const bound = bindSql(provider, sql, args);
    return tx.$executeRawUnsafe(bound.sql, ...bound.args);
  };
  // One row per user (the last PIN wins), or PostgreSQL refuses to upsert a row twice.
  const latest = [...new Map(entries.map((e) => [e.userId, e])).values()];
  const marks = (width: number, count: number, cast: Record<number, string> = {}) =>
    Array.from({ length: count }, (_, row) => `(${Array.from({ length: width }, (_, col) => (cast[col] ? `CAST($${row * width + col + 1} AS ${cast[col]})` : `$${row * width + col + 1}`)).join(', ')})`).join(', ');
  await run(
    `INSERT INTO pin_state (user_id, pin_hash, pin_length, pin_set_at, pin_set_method, pin_set_by)
     VALUES ${marks(6, latest.length, { 3: 'BIGINT' })}
     ON CONFLICT (user_id) DO UPDATE SET pin_hash = excluded.pin_hash, pin_length = excluded.pin_length,
       pin_set_at = excluded.pin_set_at, pin_set_method = excluded.pin_set_method, pin_set_by = excluded.pin_set_by,
       local_failures = 0, global_failures = 0, window_start = NULL, locked_until = NULL, system_locked_at = NULL`,
    latest.flatMap(({ userId, pin }) => [userId, pin.hash, pin.length, pin.setAt, pin.method, pin.setBy]),
  );
  await run(
    `INSERT INTO pin_history (id, user_id, pin_hash, set_at) VALUES ${marks(4, entries.length, { 3: 'BIGINT' })}`,
    entries.flatMap(({ userId, pin }) => [randomUUID(), userId, pin.hash, pin.setAt]),
  );
  const users = latest.map((e) => e.userId);
  const userMarks = users.map((_, n) => `$${n + 2}`).join(', ');
  await run(
    `DELETE FROM pin_history WHERE user_id IN (${userMarks}) AND id NOT IN (
       SELECT id FROM (
         SELECT id, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY set_at DESC, id DESC) AS position
         FROM pin_history WHERE user_id IN (${userMarks})) ranked
       WHERE position <= $1)`,
    [HISTORY_KEPT, ...users],
  );
}

/** PIN states by user id, for a batch (bulk jobs); users without a row are absent. */
export async function getPinStates(db: Client, provider: Provider, userIds: string[]): Promise<Map<string, PinStateRecord>> {
  const states = new Map<string, PinStateRecord>();
  for (let i = 0; i < userIds.length; i += 500) {
    const ids = userIds.slice(i, i + 500);
    const bound = bindSql(provider, `SELECT user_id, ${PIN_STATE_COLUMNS} FROM pin_state WHERE user_id IN (${ids.map((_, n) => `$${n + 1}`).join(',')})`, ids);
    for (const row of await db.$queryRawUnsafe<(RawPinState & { user_id: string })[]>(bound.sql, ...bound.args)) states.set(row.user_id, fromRawPinState(row));
  }
  return states;
}

/** A PinStoreTx over an open transaction whose other writes (bulk job rows) commit with it. */
export function pinStoreTx(tx: DbTx, provider: Provider): PinStoreTx {
  return { ...createReader(tx, provider), ...createWriter(tx, provider) };
}

/** Users by id with their PIN state (null: never set), for bulk jobs; 500 ids per query. */
export async function findUsersWithState(
  db: Client,
  provider: Provider,
  userIds: string[],
): Promise<Map<string, { user: DirectoryUserRecord; state: PinStateRecord | null }>> {
  const found = new Map<string, { user: DirectoryUserRecord; state: PinStateRecord | null }>();
  for (let i = 0; i < userIds.length; i += 500) {
    const ids = userIds.slice(i, i + 500);
    const marks = ids.map((_, n) => `$${n + 1}`).join(',');
    const users = bindSql(provider, `SELECT ${USER_COLUMNS} WHERE u.id IN (${marks})`, ids);
    for (const row of await db.$queryRawUnsafe<RawUserRow[]>(users.sql, ...users.args)) found.set(row.id, { user: fromRawUser(row), state: null });
  }
  for (const [userId, state] of await getPinStates(db, provider, userIds)) {
    const entry = found.get(userId);
    if (entry) entry.state = state;
  }
  return found;
}

export type PinStoreOptions = {
  /** When the group commit of logon audit events may wait for more (lib/db/group-commit.ts). */
  auditPacing?: GroupCommitPacing;
};

export function createPinStore({ db, target, direct }: DbHandle, options: PinStoreOptions = {}): PinStore {
  const provider = target.provider;
  const reader = createReader(db, provider);
  const groupCommit = createGroupCommit(direct, provider, options.auditPacing);

  const transaction = <T>(fn: (tx: PinStoreTx) => Promise<T>): Promise<T> =>
    db.$transaction(
      async (tx) => {
        await lockChainHead(tx);
        return fn(pinStoreTx(tx, provider));
      },
      { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_TIMEOUT_MS },
    );

  return {
    ...reader,
    // Outside transactions the hot path bypasses Prisma's client engine (lib/db/adapters.ts).
    async findLogonCandidates(query: CallerQuery, limit: number) {
      const { sql, args } = logonCandidatesQuery(query, limit);
      return (await direct.query<RawLogonCandidate>(sql, args)).map(fromRawLogonCandidate);
    },
    transaction,
    async claimLogonAttempt(userId: string, now: number, limits: LogonLimits): Promise<Claim | null> {
      const rows = await direct.query<{ local_failures: Int; global_failures: Int }>(provider === 'postgresql' ? PG_CLAIM_SQL : CLAIM_SQL, [
        now,
        OBSERVATION_WINDOW_MS,
        TEMPORARY_LOCKOUT_MS,
        limits.local,
        limits.global,
        userId,
      ]);
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
