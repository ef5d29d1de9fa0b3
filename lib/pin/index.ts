/**
 * lib/pin: the dial-in PIN domain. Framework-free: it imports no next/*, React, next-auth or
 * Prisma, and receives its store, hasher and clock as arguments (PinDeps).
 */
export * from './errors';
export * from './types';
export * from './policy';
export * from './pin-rules';
export * from './lockout';
export * from './identity';
export * from './status';
export * from './generate';
export * from './requirements';
export type { PinHasher, Argon2Params } from './hasher';
export type { PinStore, PinStoreTx, PinStoreReader, PinStoreWriter, NewPin } from './store';
export type { PinDeps } from './deps';
export { getPinInfo, getPinInfoWithLine, type PinInfoWithLine } from './use-cases/get-pin-info';
export { setPin, generatePin, setOwnPin, type SetPinResult } from './use-cases/set-pin';
export { lockPin, unlockPin, type LockChange } from './use-cases/lock-pin';
export { verifyPinLogon, assertLogonInput, type LogonResult, type LogonRejectReason } from './use-cases/verify-pin-logon';
export { runDialInTest, DIAL_IN_TESTS_PER_DAY, DIAL_IN_TESTS_PER_USER_PER_DAY, type WindowCounter } from './use-cases/dial-in-test';
export { getPinPolicy, newPinPolicy, setPinPolicy, setPinPolicies, removePinPolicy, grantPinPolicy } from './use-cases/policies';
export { loadUser, loadEffectivePolicy, type UserRef } from './use-cases/load-user';
export {
  bulkKinds,
  bulkKindLabels,
  bulkVerdict,
  planBulk,
  checkBulkOptions,
  prepareBulkPin,
  applyBulkChange,
  type BulkKind,
  type BulkOptions,
  type BulkPlan,
  type BulkSkip,
  type BulkSubject,
  type BulkChange,
  type PreparedPin,
} from './use-cases/bulk';
