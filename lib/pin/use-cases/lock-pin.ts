/** Lock-CsClientPin / Unlock-CsClientPin. */
import type { PinDeps } from '../deps';
import { activeLock } from '../lockout';
import { describePinStatus, type PinInfo } from '../status';
import type { PinStoreTx } from '../store';
import { emptyPinState, type Actor, type DirectoryUserRecord, type RequestContext } from '../types';
import { loadEffectivePolicy, loadUser, userTarget, type UserRef } from './load-user';

type LockOptions = { user: UserRef; actor: Actor; context?: RequestContext };

/**
 * The PIN status after a lock change, plus whether the lock it acts on was already there,
 * read inside the same transaction as the change, so a message such as "was already locked"
 * names the state the change really met even when two agents act at once.
 */
export type LockChange = PinInfo & { wasLocked: boolean };

/**
 * Refuses PIN logon until Unlock; the PIN itself is kept. Locking a locked PIN is a no-op.
 * `wasLocked`: an administrator lock was already in place.
 */
export async function lockPin(deps: Pick<PinDeps, 'store' | 'clock'>, options: LockOptions): Promise<LockChange> {
  const user = await loadUser(deps.store, options.user);
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const changed = await writeLock(tx, user, now, options);
    const after = (await tx.getPinState(user.id)) ?? emptyPinState;
    return { ...describePinStatus(user, after, await loadEffectivePolicy(tx, user), now), wasLocked: !changed };
  });
}

/**
 * Lifts an administrator, system or temporary lock and resets the failure counts.
 * `wasLocked`: some lock (of any kind) was in force before.
 */
export async function unlockPin(deps: Pick<PinDeps, 'store' | 'clock'>, options: LockOptions): Promise<LockChange> {
  const user = await loadUser(deps.store, options.user);
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const wasLocked = await writeUnlock(tx, user, now, options);
    const after = (await tx.getPinState(user.id)) ?? emptyPinState;
    return { ...describePinStatus(user, after, await loadEffectivePolicy(tx, user), now), wasLocked };
  });
}

type WriteOptions = { actor: Actor; context?: RequestContext; details?: Record<string, unknown> };

/** Lock PIN inside the caller's transaction, with its audit event; returns false if it was locked already. */
export async function writeLock(tx: PinStoreTx, user: DirectoryUserRecord, now: number, options: WriteOptions): Promise<boolean> {
  const before = (await tx.getPinState(user.id)) ?? emptyPinState;
  const alreadyLocked = before.adminLockedAt !== null;
  if (!alreadyLocked) await tx.setAdminLock(user.id, now, options.actor.name);
  await tx.appendAudit({
    at: now,
    actor: options.actor,
    action: 'pin.locked',
    target: userTarget(user),
    context: options.context,
    outcome: 'success',
    details: { ...(alreadyLocked ? { alreadyLocked: true } : {}), ...options.details },
  });
  return !alreadyLocked;
}

/** Unlock PIN inside the caller's transaction, with its audit event; returns whether a lock was in force. */
export async function writeUnlock(tx: PinStoreTx, user: DirectoryUserRecord, now: number, options: WriteOptions): Promise<boolean> {
  const before = (await tx.getPinState(user.id)) ?? emptyPinState;
  const lock = activeLock(before, now);
  await tx.unlock(user.id);
  await tx.appendAudit({
    at: now,
    actor: options.actor,
    action: 'pin.unlocked',
    target: userTarget(user),
    context: options.context,
    outcome: 'success',
    details: { lockKind: lock?.kind ?? null, localFailures: before.localFailures, globalFailures: before.globalFailures, ...options.details },
  });
  return lock !== null;
}
