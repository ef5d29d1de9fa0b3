/**
 * PIN logon counting and lockout (DOMAIN.md §5), as pure functions over PinStateRecord.
 *
 * The store applies claimAttempt() atomically (one SQL statement in lib/db, mirrored here
 * for the in-memory store); the integration suite runs the same scenarios against both, so
 * this file is also the executable specification of that SQL.
 *
 * An attempt is counted as a failure *before* the hash is checked ("claimed"), so a process
 * that dies mid-check never loses a failure, and a burst of parallel guesses can never get
 * more hash checks than the limit allows. A correct PIN then takes its failure back
 * (settleSuccess).
 */
import type { Millis, PinStateRecord } from './types';

export const OBSERVATION_WINDOW_MS = 30 * 60 * 1000;
export const TEMPORARY_LOCKOUT_MS = 60 * 60 * 1000;

export type LogonLimits = { local: number; global: number };

/**
 * Limits by the length of the user's current PIN: 4 digits → 10 / 100, 5 → 25 / 1000,
 * 6 or more → 25 / 5000. MaximumLogonAttempts, when set, replaces the local limit only.
 */
export function logonLimits(pinLength: number, maximumLogonAttempts: number | null): LogonLimits {
  const defaults: LogonLimits = pinLength <= 4 ? { local: 10, global: 100 } : pinLength === 5 ? { local: 25, global: 1000 } : { local: 25, global: 5000 };
  return maximumLogonAttempts === null ? defaults : { ...defaults, local: maximumLogonAttempts };
}

export type LockKind = 'admin' | 'system' | 'temporary';

/** The kinds' names as LockKind shows them (Get-CsClientPinInfo's style), in the order lists show them. */
export const lockKindNames = { temporary: 'Temporary', system: 'System', admin: 'Admin' } as const satisfies Record<LockKind, string>;

/** The lock in force at `now`, if any; admin before system before temporary. */
export function activeLock(state: PinStateRecord, now: Millis): { kind: LockKind; until: Millis | null } | null {
  if (state.adminLockedAt !== null) return { kind: 'admin', until: null };
  if (state.systemLockedAt !== null) return { kind: 'system', until: null };
  if (state.lockedUntil !== null && state.lockedUntil > now) return { kind: 'temporary', until: state.lockedUntil };
  return null;
}

/** True when the next failure opens a new window (none open, it ended, or a lockout ended). */
function startsNewWindow(state: PinStateRecord, now: Millis): boolean {
  return state.windowStart === null || state.windowStart + OBSERVATION_WINDOW_MS <= now || (state.lockedUntil !== null && state.lockedUntil <= now);
}

export type Claim = {
  localFailures: number;
  globalFailures: number;
  /** This attempt reached the local limit and started a temporary lockout. */
  triggeredTemporaryLock: boolean;
  /** This attempt reached the global limit and locked the PIN until an administrator unlocks it. */
  triggeredSystemLock: boolean;
};

/**
 * Counts one attempt as a failure, or refuses it (returns null) when the PIN is unset or
 * locked at `now` — a refused attempt is not counted and its PIN is not checked.
 */
export function claimAttempt(state: PinStateRecord, now: Millis, limits: LogonLimits): { state: PinStateRecord; claim: Claim } | null {
  if (state.pinHash === null || activeLock(state, now) !== null) return null;
  const fresh = startsNewWindow(state, now);
  const localFailures = fresh ? 1 : state.localFailures + 1;
  const globalFailures = state.globalFailures + 1;
  const triggeredTemporaryLock = localFailures >= limits.local;
  const triggeredSystemLock = globalFailures >= limits.global;
  return {
    state: {
      ...state,
      localFailures,
      globalFailures,
      windowStart: fresh ? now : state.windowStart,
      lockedUntil: triggeredTemporaryLock ? now + TEMPORARY_LOCKOUT_MS : null,
      systemLockedAt: triggeredSystemLock ? now : null,
      lastFailureAt: now,
    },
    claim: { localFailures, globalFailures, triggeredTemporaryLock, triggeredSystemLock },
  };
}

/**
 * A claimed attempt turned out to carry the right PIN: it was not a failure after all.
 * Local resets to 0 (a new window starts with the next failure), global gives back the
 * one claimed, and a lock that this very attempt triggered is lifted.
 */
export function settleSuccess(state: PinStateRecord, now: Millis, claim: Claim): PinStateRecord {
  return {
    ...state,
    localFailures: 0,
    windowStart: null,
    globalFailures: Math.max(0, state.globalFailures - 1),
    lockedUntil: claim.triggeredTemporaryLock ? null : state.lockedUntil,
    systemLockedAt: claim.triggeredSystemLock ? null : state.systemLockedAt,
    lastLogonAt: now,
  };
}

/**
 * The failure counts as they stand at `now`: a window that ended below the limit, or a
 * temporary lockout that ended, no longer counts locally.
 */
export function effectiveFailures(state: PinStateRecord, now: Millis): { local: number; global: number } {
  const lockEnded = state.lockedUntil !== null && state.lockedUntil <= now;
  const windowEnded = state.lockedUntil === null && state.windowStart !== null && state.windowStart + OBSERVATION_WINDOW_MS <= now;
  return { local: lockEnded || windowEnded || state.windowStart === null ? 0 : state.localFailures, global: state.globalFailures };
}
