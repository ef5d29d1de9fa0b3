/**
 * Who a PIN policy governs, and how their current PINs stand against other settings: the
 * counts a policy edit or delete is reviewed with before it is saved. Governed follows
 * DOMAIN.md §3: a per-user policy's grantees; a site policy's site users without a grant;
 * global, users with neither a grant nor a site that has a policy. Counts only (no rows), so
 * a policy over thousands of users costs one aggregate statement.
 */
import { policyDefaults } from '../pin/policy';
import type { FallbackCounts, PopulationCounts } from '../policies/policy-effect';
import type { DbHandle } from './client';
import { sql, type Sql } from './sql';

type Int = number | bigint | string | null;
const DAY_MS = 86_400_000;
const num = (value: Int) => (value === null ? 0 : Number(value));

/** The users `identity` governs, as a condition on `u` (directory_user). */
function governedBy(identity: string): Sql {
  if (identity.startsWith('tag:')) return sql`u.pin_policy_id = (SELECT id FROM pin_policy WHERE identity = ${identity})`;
  if (identity.startsWith('site:')) {
    return sql`u.pin_policy_id IS NULL AND u.site_id = (SELECT id FROM site WHERE name = ${identity.slice(5)})`;
  }
  return sql`u.pin_policy_id IS NULL AND NOT EXISTS (SELECT 1 FROM site s JOIN pin_policy sp ON sp.identity = 'site:' || s.name WHERE s.id = u.site_id)`;
}

/** A PIN set at or before this instant has expired under a lifetime of `days` (0 = never). */
const expiryCutoff = (now: number, days: number) => (days > 0 ? now - days * DAY_MS : null);

/**
 * The policy's population measured against a changed minimum length and lifetime (`probe`)
 * and against its current lifetime, at `now`.
 */
export async function countPolicyPopulation(
  { executor }: DbHandle,
  identity: string,
  probe: { minPasswordLength: number; pinLifetime: number; currentLifetime: number },
  now: number,
): Promise<PopulationCounts> {
  const under = expiryCutoff(now, probe.pinLifetime);
  const current = expiryCutoff(now, probe.currentLifetime);
  // A cutoff of -1 matches no PIN: set times are never negative.
  const [row] = await executor.query<{ users: Int; with_pin: Int; shorter: Int; expired_under: Int; expired_now: Int }>(sql`SELECT
      COUNT(*) AS users,
      SUM(CASE WHEN ps.pin_hash IS NOT NULL THEN 1 ELSE 0 END) AS with_pin,
      SUM(CASE WHEN ps.pin_hash IS NOT NULL AND ps.pin_length < ${probe.minPasswordLength} THEN 1 ELSE 0 END) AS shorter,
      SUM(CASE WHEN ps.pin_hash IS NOT NULL AND ps.pin_set_at <= CAST(${under ?? -1} AS BIGINT) THEN 1 ELSE 0 END) AS expired_under,
      SUM(CASE WHEN ps.pin_hash IS NOT NULL AND ps.pin_set_at <= CAST(${current ?? -1} AS BIGINT) THEN 1 ELSE 0 END) AS expired_now
    FROM directory_user u LEFT JOIN pin_state ps ON ps.user_id = u.id
    WHERE ${governedBy(identity)}`);
  return {
    users: num(row.users),
    withPin: num(row.with_pin),
    shorterThan: num(row.shorter),
    expiredUnder: num(row.expired_under),
    expiredNow: num(row.expired_now),
  };
}

/**
 * Where a site or per-user policy's users go when it is deleted (a grantee to their site's
 * policy, else global; a site's users to global), grouped by that policy and measured against
 * it, and against the deleted policy's own lifetime (`currentLifetime`, days).
 */
export async function countFallbackPopulation({ executor }: DbHandle, identity: string, currentLifetime: number, now: number): Promise<FallbackCounts[]> {
  const currentCutoff = expiryCutoff(now, currentLifetime);
  const fallback = identity.startsWith('tag:')
    ? sql`COALESCE((SELECT sp.identity FROM site s JOIN pin_policy sp ON sp.identity = 'site:' || s.name WHERE s.id = u.site_id), 'global')`
    : sql`'global'`;
  const rows = await executor.query<{
    identity: string;
    min_password_length: Int;
    pin_lifetime: Int;
    users: Int;
    with_pin: Int;
    shorter: Int;
    expired: Int;
    expired_now: Int;
  }>(sql`SELECT g.identity,
      COALESCE(fp.min_password_length, ${policyDefaults.minPasswordLength}) AS min_password_length,
      COALESCE(fp.pin_lifetime, ${policyDefaults.pinLifetime}) AS pin_lifetime,
      COUNT(*) AS users,
      SUM(CASE WHEN g.pin_hash IS NOT NULL THEN 1 ELSE 0 END) AS with_pin,
      SUM(CASE WHEN g.pin_hash IS NOT NULL AND g.pin_length < COALESCE(fp.min_password_length, ${policyDefaults.minPasswordLength}) THEN 1 ELSE 0 END) AS shorter,
      SUM(CASE WHEN g.pin_hash IS NOT NULL AND fp.pin_lifetime > 0
        AND g.pin_set_at <= CAST(${now} AS BIGINT) - CAST(fp.pin_lifetime AS BIGINT) * CAST(${DAY_MS} AS BIGINT) THEN 1 ELSE 0 END) AS expired,
      ${currentCutoff === null ? sql`0` : sql`SUM(CASE WHEN g.pin_hash IS NOT NULL AND g.pin_set_at <= CAST(${currentCutoff} AS BIGINT) THEN 1 ELSE 0 END)`} AS expired_now
    FROM (
      SELECT ${fallback} AS identity, ps.pin_hash, ps.pin_length, ps.pin_set_at
      FROM directory_user u LEFT JOIN pin_state ps ON ps.user_id = u.id
      WHERE ${governedBy(identity)}
    ) g
      -- A global policy never saved is the defaults (DOMAIN.md §3): hence the outer join.
      LEFT JOIN pin_policy fp ON fp.identity = g.identity
    GROUP BY g.identity, fp.min_password_length, fp.pin_lifetime
    ORDER BY g.identity`);
  return rows.map((r) => ({
    identity: r.identity,
    minPasswordLength: num(r.min_password_length),
    pinLifetime: num(r.pin_lifetime),
    users: num(r.users),
    withPin: num(r.with_pin),
    shorterThan: num(r.shorter),
    expiredUnder: num(r.expired),
    expiredNow: num(r.expired_now),
  }));
}
