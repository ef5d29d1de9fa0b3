/**
 * The Overview's numbers: the tiles from the users' PIN state now (one pass over the PIN
 * states of enabled users), the charts and the most failed logons from the hourly counts
 * (activity_count), never from the audit trail. The tiles count what the Users search's
 * filters select (user-search-compiler.ts: IsPinSet, LockKind, IsPinExpired,
 * PinExpiresWithinDays) with the same conditions (pin-state-sql.ts), but the effective
 * policy resolved their own way; tests/integration/overview.test.ts holds each tile to its search.
 */
import {
  EXPIRING_WITHIN_DAYS,
  overviewWindows,
  TOP_LEADERS,
  type FailureLeader,
  type HourCount,
  type LockoutKind,
  type LogonOutcome,
  type OverviewData,
  type OverviewTiles,
  type PinChangeMethod,
} from '../overview/overview-types';
import type { DbHandle } from './client';
import { expiredCondition, expiresWithinCondition, lockKindCondition } from './pin-state-sql';
import { join, raw, sql, type Sql } from './sql';

/** A 64-bit integer or a sum as the executor reads it: a number from SQLite, its digits from pg. */
type Int = number | string | null;

type TileRow = Record<'enabled_users' | 'with_pin' | 'locked_admin' | 'locked_system' | 'locked_temporary' | 'expired' | 'expiring', Int>;

/** A PINLifetime as read (days, 0–999 by the policy rules); anything else counts as 0, never expiring. */
const lifetimeDays = (value: Int): number => {
  const n = Number(value ?? 0);
  return Number.isInteger(n) && n > 0 ? n : 0;
};

/** A lifetime as an SQL literal: a whole number this code read and checked, never input. */
const literal = (days: number): Sql => raw(String(days));

/**
 * User u's effective PINLifetime (lib/pin/policy.ts resolveEffectivePolicy: the granted policy,
 * else the site's, else the global one) as a CASE over the ids of the policies and sites whose
 * lifetime differs from the global one (usually few: most are 0 like the default), read just
 * before: per row a comparison instead of three lookups (bench/README.md, Overview). A policy
 * or site policy made between that read and the count is counted as the global one until the
 * next refresh; a lookup for that case would make PostgreSQL's estimate, and so its JIT
 * compilation, cost more than the count itself.
 */
async function effectiveLifetimeCase({ executor }: Pick<DbHandle, 'executor'>): Promise<Sql> {
  const policies = await executor.query<{ id: string; identity: string; pin_lifetime: Int }>(sql`SELECT id, identity, pin_lifetime FROM pin_policy`);
  const sites = await executor.query<{ id: string; pin_lifetime: Int }>(
    sql`SELECT si.id, p.pin_lifetime FROM site si JOIN pin_policy p ON p.identity = 'site:' || si.name`,
  );
  const global = lifetimeDays(policies.find((p) => p.identity === 'global')?.pin_lifetime ?? 0);
  const arms = (column: Sql, rows: readonly { id: string; pin_lifetime: Int }[]) => {
    const differing = rows.filter((r) => lifetimeDays(r.pin_lifetime) !== global);
    if (differing.length === 0) return literal(global);
    const whens = differing.map((r) => sql`WHEN ${r.id} THEN ${literal(lifetimeDays(r.pin_lifetime))}`);
    return sql`CASE ${column} ${join(whens, ' ')} ELSE ${literal(global)} END`;
  };
  const granted = arms(raw('u.pin_policy_id'), policies);
  return sql`CASE WHEN u.pin_policy_id IS NOT NULL THEN ${granted} WHEN u.site_id IS NOT NULL THEN ${arms(raw('u.site_id'), sites)} ELSE ${literal(global)} END`;
}

/**
 * The users' PIN states, each with its user (enabled only), and the enabled users apart: the
 * users without a state count only there, so the join reads the states, not every user (CROSS
 * JOIN keeps SQLite from driving it from the users instead; both engines read the user from
 * the (id, enabled, pin_policy_id, site_id) index alone).
 */
function tilesSql(now: number, lifetime: Sql) {
  const when = (condition: Sql) => sql`SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
  const [setAt, lifetimeOf] = [raw('t.pin_set_at'), raw('t.lifetime')];
  return sql`SELECT (SELECT COUNT(*) FROM directory_user WHERE enabled = ${true}) AS enabled_users,
      ${when(raw('t.pin_hash IS NOT NULL'))} AS with_pin,
      ${when(lockKindCondition('admin', now, 't'))} AS locked_admin,
      ${when(lockKindCondition('system', now, 't'))} AS locked_system,
      ${when(lockKindCondition('temporary', now, 't'))} AS locked_temporary,
      ${when(expiredCondition(setAt, lifetimeOf, now))} AS expired,
      ${when(expiresWithinCondition(setAt, lifetimeOf, now, EXPIRING_WITHIN_DAYS))} AS expiring
    FROM (
      SELECT s.pin_hash, s.pin_set_at, s.admin_locked_at, s.system_locked_at, s.locked_until,
        CASE WHEN s.pin_hash IS NOT NULL AND s.pin_set_at IS NOT NULL THEN ${lifetime} ELSE 0 END AS lifetime
      FROM pin_state s CROSS JOIN directory_user u
      WHERE u.id = s.user_id AND u.enabled = ${true}
    ) t`;
}

const num = (value: Int) => Number(value ?? 0);

export async function readOverviewTiles({ executor }: Pick<DbHandle, 'executor'>, now: number): Promise<OverviewTiles> {
  const [row] = await executor.query<TileRow>(tilesSql(now, await effectiveLifetimeCase({ executor })));
  const enabledUsers = num(row.enabled_users);
  const withPin = num(row.with_pin);
  return {
    enabledUsers,
    withPin,
    withoutPin: enabledUsers - withPin,
    locked: { temporary: num(row.locked_temporary), system: num(row.locked_system), admin: num(row.locked_admin) },
    expiringSoon: num(row.expiring),
    expired: num(row.expired),
  };
}

type CountRow = { series: string; hour: Int; key: string; count: Int };

async function readCharts({ executor }: Pick<DbHandle, 'executor'>, now: number) {
  const start = overviewWindows(now);
  const rows = await executor.query<CountRow>(
    sql`SELECT series, hour, key, count FROM activity_count WHERE series = 'logon' AND hour >= ${BigInt(start.logons)}
      UNION ALL SELECT series, hour, key, count FROM activity_count WHERE series = 'lockout' AND hour >= ${BigInt(start.history)}
      UNION ALL SELECT series, hour, key, count FROM activity_count WHERE series = 'pin_change' AND hour >= ${BigInt(start.history)}`,
  );
  const of = <K extends string>(series: string) =>
    rows.filter((r) => r.series === series).map((r): HourCount<K> => ({ hour: num(r.hour), key: r.key as K, count: num(r.count) }));
  return { logons: of<LogonOutcome>('logon'), lockouts: of<LockoutKind>('lockout'), pinChanges: of<PinChangeMethod>('pin_change') };
}

type LeaderRow = { id: string; failures: Int; name: string | null; sip_address: string | null };

/** The ids with the most failures in the last 24 hours, with their current names. */
async function readLeaders({ executor }: Pick<DbHandle, 'executor'>, now: number) {
  const since = BigInt(overviewWindows(now).leaders);
  const top = (series: string) =>
    sql`SELECT key AS id, SUM(count) AS failures FROM activity_count WHERE series = ${series} AND hour >= ${since} GROUP BY key ORDER BY failures DESC, key LIMIT ${TOP_LEADERS}`;
  const [users, bridges] = [
    await executor.query<LeaderRow>(
      sql`SELECT t.id, t.failures, u.display_name AS name, u.sip_address FROM (${top('failed_user')}) t LEFT JOIN directory_user u ON u.id = t.id ORDER BY t.failures DESC, t.id`,
    ),
    await executor.query<LeaderRow>(
      sql`SELECT t.id, t.failures, b.name, NULL AS sip_address FROM (${top('failed_bridge')}) t LEFT JOIN bridge_key b ON b.id = t.id ORDER BY t.failures DESC, t.id`,
    ),
  ];
  const leader = (r: LeaderRow): FailureLeader => ({ id: r.id, name: r.name, sipAddress: r.sip_address, failures: num(r.failures) });
  return { topUsers: users.map(leader), topBridges: bridges.map(leader) };
}

/** Everything the Overview shows, as of `now`. */
export async function readOverview(handle: Pick<DbHandle, 'executor'>, now: number): Promise<OverviewData> {
  const tiles = await readOverviewTiles(handle, now);
  const charts = await readCharts(handle, now);
  const leaders = await readLeaders(handle, now);
  return { asOf: now, tiles, ...charts, ...leaders };
}
