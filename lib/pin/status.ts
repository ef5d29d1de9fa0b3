/**
 * PIN status (Get-CsClientPinInfo → PinInfoDetails, and more: DOMAIN.md §2). Derived at read
 * time from the stored state and the *current* effective policy, so a policy change shows
 * at once (e.g. PinExpirationTime is never stored).
 */
import { activeLock, effectiveFailures, logonLimits, type LockKind } from './lockout';
import type { EffectivePolicy } from './policy';
import type { DirectoryUserRecord, Millis, PinPolicy, PinSetMethod, PinStateRecord } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

export type PinInfo = {
  /** SIP address, as Get-CsClientPinInfo reports Identity. */
  identity: string;
  userId: string;
  displayName: string;
  isPinSet: boolean;
  isLockedOut: boolean;
  lockKind: LockKind | null;
  /** End of a temporary lockout; null for none or for locks that need an administrator. */
  lockedOutUntil: Millis | null;
  lastPinChangeTime: Millis | null;
  pinExpirationTime: Millis | null;
  isExpired: boolean;
  localFailures: number;
  globalFailures: number;
  localLimit: number;
  globalLimit: number;
  lastChangedBy: string | null;
  lastChangeMethod: PinSetMethod | null;
  lastLogonTime: Millis | null;
  effectivePolicy: string;
  policySource: EffectivePolicy['source'];
};

/** When a PIN set at `setAt` expires under `policy`, or null if it never does. */
export function pinExpirationTime(setAt: Millis | null, policy: Pick<PinPolicy, 'pinLifetime'>): Millis | null {
  if (setAt === null || policy.pinLifetime <= 0) return null;
  return setAt + policy.pinLifetime * DAY_MS;
}

export function describePinStatus(
  user: Pick<DirectoryUserRecord, 'id' | 'sipAddress' | 'displayName'>,
  state: PinStateRecord,
  effective: EffectivePolicy,
  now: Millis,
): PinInfo {
  const lock = activeLock(state, now);
  const isPinSet = state.pinHash !== null;
  const expiresAt = isPinSet ? pinExpirationTime(state.pinSetAt, effective.policy) : null;
  const failures = effectiveFailures(state, now);
  const limits = logonLimits(state.pinLength, effective.policy.maximumLogonAttempts);
  return {
    identity: user.sipAddress,
    userId: user.id,
    displayName: user.displayName,
    isPinSet,
    isLockedOut: lock !== null,
    lockKind: lock?.kind ?? null,
    lockedOutUntil: lock?.until ?? null,
    lastPinChangeTime: isPinSet ? state.pinSetAt : null,
    pinExpirationTime: expiresAt,
    isExpired: expiresAt !== null && expiresAt <= now,
    localFailures: failures.local,
    globalFailures: failures.global,
    localLimit: limits.local,
    globalLimit: limits.global,
    lastChangedBy: state.pinSetBy,
    lastChangeMethod: state.pinSetMethod,
    lastLogonTime: state.lastLogonAt,
    effectivePolicy: effective.policy.identity,
    policySource: effective.source,
  };
}
