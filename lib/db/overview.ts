/**
 * The Overview's numbers: the tiles from the users' PIN state now (one pass over the PIN
 * states of enabled users), the charts and the most failed logons from the hourly counts
 * (activity_count), never from the audit trail. The tiles count what the Users search's filters select
 * (user-search-compiler.ts: IsPinSet, LockKind, IsPinExpired, PinExpiresWithinDays);
 * tests/integration/overview.test.ts holds each tile to its search.
 */
import { hourOf } from '../overview/activity-of-events';
import {
  EXPIRING_WITHIN_DAYS,
  HISTORY_DAYS,
  LOGON_HOURS,
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
import { join, raw, sql, type Sql } from './sql';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** A 64-bit integer or a sum as the executor reads it: a number from SQLite, its digits from pg. */
type Int = number | string | null;

type TileRow = Record<'enabled_users' | 'with_pin' | 'locked_admin' | 'locked_system' | 'locked_temporary' | 'expired' | 'expiring', Int>;

/** A PINLifetime (days, 0–999 by the policy rules) as an SQL literal: a number this code read, never input. */
const days = (value: number | string | null): Sql => {
  const n = Number(value ?? 0);
  return raw(String(Number.isInteger(n) && n > 0 ? n : 0));
};

/**
 * User u's effective PINLifetime (lib/pin/policy.ts resolveEffectivePolicy: the granted policy,
 * else the site's, else the global one) as a CASE over the ids of the few policies and sites,
 * read just before: per row a comparison instead of three lookups (bench/README.md,
 * Overview). A policy or site policy made between that read and the count is counted as the
 * global one until the next refresh; a lookup for that case would make PostgreSQL's estimate,
 * and so its JIT compilation, cost more than the count itself.
 */
async function effectiveLifetimeCase({ executor }: Pick<DbHandle, 'executor'>): Promise<Sql> {
  const policies = await executor.query<{ id: string; identity: string; pin_lifetime: Int }>(sql`SELECT id, identity, pin_lifetime FROM pin_policy`);
  const sites = await executor.query<{ id: string; pin_lifetime: Int }>(
    sql`SELECT si.id, p.pin_lifetime FROM site si JOIN pin_policy p ON p.identity = 'site:' || si.name`,
  );
  const global = days(policies.find((p) => p.identity === 'global')?.pin_lifetime ?? 0);
  const arms = (column: Sql, rows: readonly { id: string; pin_lifetime: Int }[]) =>
    rows.length
      ? sql`CASE ${column} ${join(
          rows.map((r) => sql`WHEN ${r.id} THEN ${days(r.pin_lifetime)}`),
          ' ',
        )} ELSE ${global} END`
      : global;
  return sql`CASE WHEN u.pin_policy_id IS NOT NULL THEN ${arms(raw('u.pin_policy_id'), policies)} WHEN u.site_id IS NOT NULL THEN ${arms(raw('u.site_id'), sites)} ELSE ${global} END`;
}

/**
 * The users' PIN states, each with its user (enabled only), and the enabled users apart: the
 * users without a state count only there, so the join reads the states, not every user (CROSS
 * JOIN keeps SQLite from driving it from the users instead; both engines read the user from
 * the (id, enabled, pin_policy_id, site_id) index alone).
 */
function tilesSql(now: number, lifetime: Sql) {
  const soon = now + EXPIRING_WITHIN_DAYS * DAY_MS;
  const expiresAt = raw('t.pin_set_at + CAST(t.lifetime AS BIGINT) * 86400000');
  const when = (condition: Sql) => sql`SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
  return sql`SELECT (SELECT COUNT(*) FROM directory_user WHERE enabled = ${true}) AS enabled_users,
      ${when(raw('t.pin_hash IS NOT NULL'))} AS with_pin,
      ${when(raw('t.admin_locked_at IS NOT NULL'))} AS locked_admin,
      ${when(raw('t.admin_locked_at IS NULL AND t.system_locked_at IS NOT NULL'))} AS locked_system,
      ${when(sql`t.admin_locked_at IS NULL AND t.system_locked_at IS NULL AND t.locked_until > ${BigInt(now)}`)} AS locked_temporary,
      ${when(sql`t.lifetime > 0 AND ${expiresAt} <= ${BigInt(now)}`)} AS expired,
      ${when(sql`t.lifetime > 0 AND ${expiresAt} > ${BigInt(now)} AND ${expiresAt} <= ${BigInt(soon)}`)} AS expiring
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

/** The first hour of each chart: the last LOGON_HOURS hours, and the last HISTORY_DAYS whole UTC days. */
export function chartStarts(now: number) {
  const logons = hourOf(now) - (LOGON_HOURS - 1) * HOUR_MS;
  const history = Math.floor(now / DAY_MS) * DAY_MS - (HISTORY_DAYS - 1) * DAY_MS;
  return { logons, history, leaders: hourOf(now) - 23 * HOUR_MS };
}

async function readCharts({ executor }: Pick<DbHandle, 'executor'>, now: number) {
  const start = chartStarts(now);
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
  const since = BigInt(chartStarts(now).leaders);
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
