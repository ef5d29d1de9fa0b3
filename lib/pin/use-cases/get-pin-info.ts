import type { PinDeps } from '../deps';
import { describePinStatus, type PinInfo } from '../status';
import { emptyPinState, type DirectoryUserRecord } from '../types';
import { loadEffectivePolicy, loadUser, type UserRef } from './load-user';

/** Get-CsClientPinInfo: the PIN status of one user. Never returns the PIN or its hash. */
export async function getPinInfo(deps: Pick<PinDeps, 'store' | 'clock'>, options: { user: UserRef }): Promise<PinInfo> {
  return describeUser(deps, await loadUser(deps.store, options.user));
}

/** The PIN status plus the user's line URI and extension, from one read of the user (the user page). */
export type PinInfoWithLine = PinInfo & { lineUri: string; extension: string };

/** getPinInfo for a page that also shows the user's line: the user is read once, not twice. */
export async function getPinInfoWithLine(deps: Pick<PinDeps, 'store' | 'clock'>, options: { user: UserRef }): Promise<PinInfoWithLine> {
  const user = await loadUser(deps.store, options.user);
  return { ...(await describeUser(deps, user)), lineUri: user.lineUri, extension: user.extension };
}

async function describeUser(deps: Pick<PinDeps, 'store' | 'clock'>, user: DirectoryUserRecord): Promise<PinInfo> {
  const [state, effective] = await Promise.all([deps.store.getPinState(user.id), loadEffectivePolicy(deps.store, user)]);
  return describePinStatus(user, state ?? emptyPinState, effective, deps.clock.now());
}
