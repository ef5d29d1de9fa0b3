import type { PinDeps } from '../deps';
import { describePinStatus, type PinInfo } from '../status';
import { emptyPinState } from '../types';
import { loadEffectivePolicy, loadUser, type UserRef } from './load-user';

/** Get-CsClientPinInfo: the PIN status of one user. Never returns the PIN or its hash. */
export async function getPinInfo(deps: Pick<PinDeps, 'store' | 'clock'>, options: { user: UserRef }): Promise<PinInfo> {
  const user = await loadUser(deps.store, options.user);
  const [state, effective] = await Promise.all([deps.store.getPinState(user.id), loadEffectivePolicy(deps.store, user)]);
  return describePinStatus(user, state ?? emptyPinState, effective, deps.clock.now());
}
