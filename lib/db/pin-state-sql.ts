/**
 * Conditions on a PIN state's columns that the Users search (user-search-compiler.ts) and the
 * Overview's tiles (overview.ts) both state, written once so that a tile counts exactly what
 * the search it links to selects: the lock in force (lib/pin/lockout.ts activeLock) and the
 * PIN's expiry (lib/pin/status.ts pinExpirationTime). `columns` is the alias the state's
 * columns are read under (s for pin_state, t for the tiles' row source).
 */
import type { LockKindValue } from '../users/search-params';
import { raw, sql, type Sql } from './sql';

const DAY_MS = 86_400_000;

/** The lock of `kind` is the one in force at `now`: admin before system before temporary. */
export function lockKindCondition(kind: LockKindValue, now: number, columns: 's' | 't'): Sql {
  const c = (name: string) => raw(`${columns}.${name}`);
  switch (kind) {
    case 'admin':
      return sql`${c('admin_locked_at')} IS NOT NULL`;
    case 'system':
      return sql`(${c('admin_locked_at')} IS NULL AND ${c('system_locked_at')} IS NOT NULL)`;
    case 'temporary':
      return sql`(${c('admin_locked_at')} IS NULL AND ${c('system_locked_at')} IS NULL AND ${c('locked_until')} > ${BigInt(now)})`;
  }
}

/**
 * When a PIN set at `setAt` expires under a PINLifetime of `lifetime` days; the conditions
 * below hold only where `lifetime` > 0 (0: the PIN never expires).
 */
const expiresAt = (setAt: Sql, lifetime: Sql) => sql`${setAt} + CAST(${lifetime} AS BIGINT) * ${raw(String(DAY_MS))}`;

/** The PIN has expired at `now`. */
export function expiredCondition(setAt: Sql, lifetime: Sql, now: number): Sql {
  return sql`${lifetime} > 0 AND ${expiresAt(setAt, lifetime)} <= ${BigInt(now)}`;
}

/** The PIN has not expired at `now` and expires within `days` days. */
export function expiresWithinCondition(setAt: Sql, lifetime: Sql, now: number, days: number): Sql {
  const at = expiresAt(setAt, lifetime);
  return sql`${lifetime} > 0 AND ${at} > ${BigInt(now)} AND ${at} <= ${BigInt(now + days * DAY_MS)}`;
}
