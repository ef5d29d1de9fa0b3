/**
 * Set-CsClientPin and the self-service page: set a typed PIN, or generate one. The PIN is
 * returned once, to the caller that set it, and stored only as a hash.
 */
import type { PinDeps } from '../deps';
import { PinError } from '../errors';
import { drawPin } from '../generate';
import { activeLock } from '../lockout';
import { assertValidPin } from '../pin-rules';
import type { PinStoreTx } from '../store';
import { describePinStatus, type PinInfo } from '../status';
import { emptyPinState, type Actor, type DirectoryUserRecord, type PinPolicy, type PinSetMethod, type RequestContext } from '../types';
import { loadEffectivePolicy, loadUser, userTarget, type UserRef } from './load-user';

export type SetPinResult = {
  user: Pick<DirectoryUserRecord, 'id' | 'displayName' | 'sipAddress' | 'upn'>;
  /** The new PIN: show it once to whoever set it, never store or log it. */
  pin: string;
  info: PinInfo;
};

type AdminSetOptions = { user: UserRef; actor: Actor; context?: RequestContext };

/**
 * An administrator sets a given PIN. Policy rules apply; PIN history does not
 * (administrators are not bound by it). A locked PIN must be unlocked first.
 */
export async function setPin(deps: PinDeps, options: AdminSetOptions & { pin: string }): Promise<SetPinResult> {
  const user = await loadUser(deps.store, options.user);
  const effective = await loadEffectivePolicy(deps.store, user);
  assertValidPin(options.pin, effective.policy, user);
  return storePin(deps, user, options.pin, 'admin_set', options, async (tx) => assertNotLocked(tx, user, deps.clock.now(), 'admin'));
}

/**
 * An administrator generates a PIN: random, MinPasswordLength digits of the effective
 * policy, never a common pattern, never one of the user's last PINHistoryCount PINs.
 */
export async function generatePin(deps: PinDeps, options: AdminSetOptions): Promise<SetPinResult> {
  const user = await loadUser(deps.store, options.user);
  const effective = await loadEffectivePolicy(deps.store, user);
  const state = await deps.store.getPinState(user.id);
  assertNotLockedState(state, deps.clock.now(), 'admin');
  const history = await deps.store.getPinHistory(user.id, effective.policy.pinHistoryCount);
  const pin = await drawGeneratedPin(deps, user, effective.policy, history);
  return storePin(deps, user, pin, 'admin_generated', options, async (tx) => assertNotLocked(tx, user, deps.clock.now(), 'admin'));
}

/**
 * A user sets their own PIN on the self-service page: policy rules and PIN history apply;
 * a temporary lockout is cleared by it, an administrator or system lock is not.
 */
export async function setOwnPin(deps: PinDeps, options: { userId: string; pin: string; confirmPin?: string; context?: RequestContext }): Promise<SetPinResult> {
  if (options.confirmPin !== undefined && options.confirmPin !== options.pin) {
    throw new PinError('PIN_MISMATCH', 'The two PINs you entered do not match. Enter the same new PIN in both fields.');
  }
  const user = await loadUser(deps.store, { userId: options.userId });
  const effective = await loadEffectivePolicy(deps.store, user);
  assertValidPin(options.pin, effective.policy, user);
  assertNotLockedState(await deps.store.getPinState(user.id), deps.clock.now(), 'self');
  const count = effective.policy.pinHistoryCount;
  if (count > 0 && (await matchesAny(deps, await deps.store.getPinHistory(user.id, count), options.pin))) {
    throw new PinError(
      'PIN_REUSED',
      `You used this PIN recently: it must differ from your last ${count} PIN${count === 1 ? '' : 's'}. Choose a PIN you have not used before.`,
      { count },
    );
  }
  const actor: Actor = { type: 'user', id: user.id, name: user.displayName };
  return storePin(deps, user, options.pin, 'self_service', { actor, context: options.context }, async (tx) =>
    assertNotLocked(tx, user, deps.clock.now(), 'self'),
  );
}

async function storePin(
  deps: PinDeps,
  user: DirectoryUserRecord,
  pin: string,
  method: PinSetMethod,
  options: { actor: Actor; context?: RequestContext },
  check: (tx: PinStoreTx) => Promise<void>,
): Promise<SetPinResult> {
  // Hash before the transaction: holding a write lock for the 8 ms of argon2 would
  // serialize every writer behind it.
  const hash = await deps.hasher.hash(pin);
  const setAt = deps.clock.now();
  const info = await deps.store.transaction(async (tx) => {
    await check(tx);
    await writeNewPin(tx, user, { hash, length: pin.length, setAt, method }, options);
    const state = (await tx.getPinState(user.id)) ?? emptyPinState;
    return describePinStatus(user, state, await loadEffectivePolicy(tx, user), setAt);
  });
  return { user: { id: user.id, displayName: user.displayName, sipAddress: user.sipAddress, upn: user.upn }, pin, info };
}

/**
 * A generated PIN (DOMAIN.md §4): MinPasswordLength random digits, no common pattern, none of
 * the user's `history` hashes (one verify per remembered PIN).
 */
export async function drawGeneratedPin(
  deps: Pick<PinDeps, 'hasher' | 'randomInt'>,
  user: DirectoryUserRecord,
  policy: Pick<PinPolicy, 'minPasswordLength'>,
  history: string[],
): Promise<string> {
  return drawPin(policy.minPasswordLength, user, async (candidate) => !(await matchesAny(deps, history, candidate)), deps.randomInt);
}

/** Stores an already hashed PIN with its audit event, inside the caller's transaction. */
export async function writeNewPin(
  tx: PinStoreTx,
  user: DirectoryUserRecord,
  pin: { hash: string; length: number; setAt: number; method: PinSetMethod },
  options: { actor: Actor; context?: RequestContext; details?: Record<string, unknown> },
): Promise<void> {
  await tx.savePin(user.id, { hash: pin.hash, length: pin.length, setAt: pin.setAt, method: pin.method, setBy: options.actor.name });
  await tx.appendAudit({
    at: pin.setAt,
    actor: options.actor,
    action: 'pin.set',
    target: userTarget(user),
    context: options.context,
    outcome: 'success',
    details: { method: pin.method, ...options.details },
  });
}

async function assertNotLocked(tx: PinStoreTx, user: DirectoryUserRecord, now: number, who: 'admin' | 'self'): Promise<void> {
  assertNotLockedState(await tx.getPinState(user.id), now, who);
}

function assertNotLockedState(state: Parameters<typeof activeLock>[0] | null, now: number, who: 'admin' | 'self'): void {
  const lock = state ? activeLock(state, now) : null;
  if (!lock) return;
  if (who === 'admin') {
    throw new PinError('PIN_LOCKED', 'This PIN is locked. Unlock the PIN before setting a new one.', { lockKind: lock.kind });
  }
  // A self-service reset clears a temporary lockout (savePin lifts it); other locks stand.
  if (lock.kind !== 'temporary') {
    throw new PinError('PIN_LOCKED', 'Your PIN is locked. Contact your administrator.', { lockKind: lock.kind });
  }
}

async function matchesAny(deps: Pick<PinDeps, 'hasher'>, hashes: string[], pin: string): Promise<boolean> {
  for (const hash of hashes) if (await deps.hasher.verify(hash, pin)) return true;
  return false;
}
