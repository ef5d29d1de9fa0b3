/**
 * PIN logon, as a conferencing bridge asks it (DOMAIN.md §5, §9).
 *
 * Every path spends exactly one argon2 verify, real or burned, and the same database
 * statements (lookup, claim, audit event), so that unknown callers, unset, expired and
 * locked PINs take the time of a wrong PIN; the bridge learns only accepted / rejected. The
 * failure is counted atomically *before* the hash is checked.
 */
import type { PinDeps } from '../deps';
import { PinError } from '../errors';
import { parseCallerIdentity } from '../identity';
import { activeLock, logonLimits, type LockKind } from '../lockout';
import { pinExpirationTime } from '../status';
import type { Actor, AuditEventInput, DirectoryUserRecord, RequestContext } from '../types';
import { MAX_PIN_LENGTH, resolveEffectivePolicy } from '../policy';
import { userTarget } from './load-user';

/** Why an attempt was rejected: for administrators and the audit trail, never for callers. */
export type LogonRejectReason =
  'unknown-identity' | 'ambiguous-identity' | 'user-disabled' | 'pin-not-set' | 'pin-expired' | 'wrong-pin' | `locked-${LockKind}`;

export type LogonResult =
  | { result: 'accepted'; user: Pick<DirectoryUserRecord, 'id' | 'sipAddress' | 'displayName'> }
  | {
      result: 'rejected';
      reason: LogonRejectReason;
      user: Pick<DirectoryUserRecord, 'id' | 'sipAddress' | 'displayName'> | null;
      /** This failure started a temporary lockout or a system lock. */
      lockTriggered: 'temporary' | 'system' | null;
    };

const PIN_INPUT = /^[0-9]{1,24}$/;

/**
 * Validates the shape of a logon request. Malformed input is the bridge's error (HTTP 400):
 * it is not a logon failure and stores nothing.
 */
export function assertLogonInput(identity: unknown, pin: unknown): asserts identity is string {
  if (typeof identity !== 'string' || identity.trim() === '') {
    throw new PinError('IDENTITY_INVALID', 'identity is required: an extension, phone number, line URI, SIP address or UPN.');
  }
  if (typeof pin !== 'string' || !PIN_INPUT.test(pin)) {
    throw new PinError('PIN_NOT_DIGITS', `pin is required: a string of 1 to ${MAX_PIN_LENGTH} digits 0-9.`);
  }
}

const CALLER_LOOKUP_LIMIT = 2;

/**
 * Rejections that claim no real attempt claim this id instead: the same UPDATE as a wrong
 * PIN's claim, on a row that cannot exist (user ids are cuids), so a rejected caller costs
 * the database the same statements as a wrong PIN and its timing tells nothing.
 */
const NO_SUCH_USER_ID = '(no such user: equal work for rejected callers)';
const DUMMY_LIMITS = { local: 1, global: 1 };

export async function verifyPinLogon(deps: PinDeps, options: { identity: string; pin: string; actor: Actor; context?: RequestContext }): Promise<LogonResult> {
  assertLogonInput(options.identity, options.pin);
  const { store, hasher, clock } = deps;
  // Writes after the verify go together with the attempt's audit event: the store may
  // commit them in one go (lib/db/group-commit.ts).
  const alongsideAudit: Promise<void>[] = [];
  const result = await decide();
  await Promise.all([store.appendAudit(auditEvent(result)), ...alongsideAudit]);
  return result;

  async function decide(): Promise<LogonResult> {
    const query = parseCallerIdentity(options.identity);
    const candidates = query ? await store.findLogonCandidates(query, CALLER_LOOKUP_LIMIT) : [];
    if (candidates.length !== 1) {
      return reject(candidates.length === 0 ? 'unknown-identity' : 'ambiguous-identity', null);
    }
    const { user, state, policies } = candidates[0];
    // A disabled directory account cannot join by phone either.
    if (!user.enabled) return reject('user-disabled', user);
    const effective = resolveEffectivePolicy(user, new Map(policies.map((p) => [p.identity, p])));
    const now = clock.now();
    if (!state?.pinHash) return reject('pin-not-set', user);
    const expiresAt = pinExpirationTime(state.pinSetAt, effective.policy);
    if (expiresAt !== null && expiresAt <= now) return reject('pin-expired', user);
    const lock = activeLock(state, now);
    if (lock) return reject(`locked-${lock.kind}`, user);

    const claim = await store.claimLogonAttempt(user.id, now, logonLimits(state.pinLength, effective.policy.maximumLogonAttempts));
    if (!claim) {
      // Locked or reset between our read and the claim: refused uncounted, like any lock.
      const fresh = await store.getPinState(user.id);
      const freshLock = fresh ? activeLock(fresh, now) : null;
      return reject(freshLock ? `locked-${freshLock.kind}` : 'pin-not-set', user, { claimed: true });
    }
    if (lockExpiredAt(state, now)) {
      await store.appendAudit({
        at: now,
        actor: { type: 'system', name: 'PinDesk' },
        action: 'pin.lockout_expired',
        target: userTarget(user),
        outcome: 'success',
        details: { lockedUntil: state.lockedUntil },
      });
    }
    if (!(await hasher.verify(state.pinHash, options.pin))) {
      const lockTriggered = claim.triggeredSystemLock ? 'system' : claim.triggeredTemporaryLock ? 'temporary' : null;
      return { result: 'rejected', reason: 'wrong-pin', user: pick(user), lockTriggered };
    }
    const settled = store.settleLogonSuccess(user.id, now, claim);
    // Its failure surfaces through the Promise.all above; should the rehash below throw
    // first, it must not also become an unhandled rejection.
    settled.catch(() => undefined);
    alongsideAudit.push(settled);
    if (hasher.needsRehash(state.pinHash)) {
      const rehashed = await hasher.hash(options.pin);
      await store.transaction((tx) => tx.replacePinHash(user.id, state.pinHash!, rehashed));
    }
    return { result: 'accepted', user: pick(user) };
  }

  async function reject(reason: LogonRejectReason, user: DirectoryUserRecord | null, spent = { claimed: false }): Promise<LogonResult> {
    if (!spent.claimed) await store.claimLogonAttempt(NO_SUCH_USER_ID, clock.now(), DUMMY_LIMITS);
    await hasher.burnVerify(options.pin);
    return { result: 'rejected', reason, user: user ? pick(user) : null, lockTriggered: null };
  }

  /**
   * What the audit keeps of the typed identity: as typed when it named a user (or several),
   * masked when it named nobody — it may be a PIN keyed at the identity prompt.
   */
  function auditedIdentity(result: LogonResult): string {
    const typed = options.identity.slice(0, 256);
    return result.result === 'rejected' && result.reason === 'unknown-identity' ? hasher.maskTyped(typed) : typed;
  }

  function auditEvent(result: LogonResult): AuditEventInput {
    return {
      at: clock.now(),
      actor: options.actor,
      action: 'pin.logon',
      target: result.user ? { type: 'user', id: result.user.id, name: result.user.sipAddress } : undefined,
      context: options.context,
      outcome: result.result === 'accepted' ? 'success' : 'failure',
      details:
        result.result === 'accepted'
          ? { identity: auditedIdentity(result) }
          : { identity: auditedIdentity(result), reason: result.reason, lockTriggered: result.lockTriggered },
    };
  }
}

function lockExpiredAt(state: { lockedUntil: number | null }, now: number): boolean {
  return state.lockedUntil !== null && state.lockedUntil <= now;
}

function pick(user: DirectoryUserRecord) {
  return { id: user.id, sipAddress: user.sipAddress, displayName: user.displayName };
}
