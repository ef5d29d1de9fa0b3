/**
 * What the admin UI says after a PIN action, naming the user it acted on: a help-desk agent
 * with a caller on the line reads "Unlocked the PIN of Ken Myer", not "1 user". Pure: the
 * API and the CLI keep their own, machine-read wording.
 */

import { possessive } from '../format/possessive';

/** "1 user", "1,234 users". */
export function countUsers(count: number): string {
  return `${count.toLocaleString('en-US')} user${count === 1 ? '' : 's'}`;
}

/** Who an action was for: one named user, or a count. */
export type PinActionTarget = { displayName: string } | { count: number };

function targetName(target: PinActionTarget): string {
  return 'displayName' in target ? target.displayName : countUsers(target.count);
}

/**
 * After Lock PIN. `wasLocked` (known for one user) says an administrator lock was already in
 * place, so nothing changed and the message says so rather than claim a lock.
 */
export function lockedMessage(target: PinActionTarget, wasLocked?: boolean): string {
  if ('displayName' in target && wasLocked) return `${possessive(target.displayName)} PIN was already locked.`;
  return `Locked the PIN of ${targetName(target)}.`;
}

/** After Unlock PIN. `wasLocked` false (known for one user): nothing to unlock, and the message says so. */
export function unlockedMessage(target: PinActionTarget, wasLocked?: boolean): string {
  if ('displayName' in target && wasLocked === false) return `${possessive(target.displayName)} PIN was not locked.`;
  return `Unlocked the PIN of ${targetName(target)}.`;
}

/** After Lock PIN or Unlock PIN, from what the action reported (a named user when there was one). */
export function lockChangeMessage(change: 'lock' | 'unlock', result: { count: number; user?: { displayName: string; wasLocked: boolean } }): string {
  const target = result.user ?? { count: result.count };
  return change === 'lock' ? lockedMessage(target, result.user?.wasLocked) : unlockedMessage(target, result.user?.wasLocked);
}

/** After Set PIN in the dialog; the PIN itself is never part of a message. */
export function pinSetMessage(displayName: string): string {
  return `The PIN of ${displayName} was set. It is shown only now, to you.`;
}

/** After Assign policy; `policy` is the shown name (e.g. "<Automatic>"). */
export function policyAssignedMessage(policy: string, target: PinActionTarget): string {
  return `Assigned ${policy} to ${targetName(target)}.`;
}

/** Shown by the Set PIN dialog when its user's PIN turns out to be locked. */
export function pinLockedNotice(displayName: string): string {
  return `${possessive(displayName)} PIN is locked.`;
}
