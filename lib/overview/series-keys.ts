/** Each chart's series in the order the contract lists them (stack order, legend and table columns). Pure. */
import { lockoutKinds, logonOutcomes, pinChangeMethods, type LockoutKind, type LogonOutcome, type PinChangeMethod } from './overview-types';

const keysOf = <K extends string>(labels: Record<K, string>) => Object.keys(labels) as K[];

export const logonKeys: readonly LogonOutcome[] = keysOf(logonOutcomes);
export const lockoutKeys: readonly LockoutKind[] = keysOf(lockoutKinds);
export const pinChangeKeys: readonly PinChangeMethod[] = keysOf(pinChangeMethods);
