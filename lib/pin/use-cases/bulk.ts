/**
 * Bulk PIN operations (Users page → Action on many users): what would happen to each user
 * (the WhatIf), the slow step done outside any transaction (drawing and hashing a generated
 * PIN), and the change itself inside the caller's transaction, re-checked against the state
 * the transaction sees. The job machinery (claims, progress, results) lives in lib/jobs.
 */
import type { BulkKind, ExistingPins } from '../bulk-kinds';
import type { PinDeps } from '../deps';
import { PinError } from '../errors';
import { activeLock } from '../lockout';
import { parsePolicyIdentity } from '../policy';
import type { PinStoreReader, PinStoreTx } from '../store';
import type { Actor, DirectoryUserRecord, PinPolicy, PinStateRecord, RequestContext } from '../types';
import { writeLock, writeUnlock } from './lock-pin';
import { drawGeneratedPin, writeNewPin } from './set-pin';

export { bulkKinds, bulkKindLabels, existingPinsChoices, type BulkKind, type ExistingPins } from '../bulk-kinds';

export type BulkOptions = {
  /** set-pin: unlock locked PINs first instead of skipping those users. */
  unlockLocked: boolean;
  /** assign-policy: "tag:<name>", or null for <Automatic>. */
  policy: string | null;
  /**
   * set-pin: what happens to users who already have a PIN. `keep` skips them (re-checked when
   * the change commits, so a PIN set after the WhatIf survives); `replace` gives them a new one.
   */
  existingPins: ExistingPins;
};

export type BulkSubject = { user: DirectoryUserRecord; state: PinStateRecord | null };

/** Why a user is left out; `code` is stable, `reason` is shown in WhatIf and the results. */
export type BulkSkip = { code: 'locked' | 'disabled' | 'has-pin' | 'already-locked'; reason: string };

/** The reason a "keep existing PINs" job gives for a user it leaves alone. */
export const HAS_PIN_REASON = 'Already has a PIN.';

const hasPin = (state: PinStateRecord | null) => state?.pinHash != null;

/** Whether `subject` takes part in the operation at `now`. */
export function bulkVerdict(kind: BulkKind, options: BulkOptions, subject: BulkSubject, now: number): BulkSkip | null {
  const lock = subject.state ? activeLock(subject.state, now) : null;
  if (kind === 'set-pin') {
    if (!subject.user.enabled) return { code: 'disabled', reason: 'The account is disabled.' };
    // Before the lock check: with "keep", a locked user's PIN is kept whatever the lock.
    if (options.existingPins === 'keep' && hasPin(subject.state)) return { code: 'has-pin', reason: HAS_PIN_REASON };
    if (lock && !options.unlockLocked) return { code: 'locked', reason: 'The PIN is locked; unlock it first or choose "Also unlock locked PINs".' };
  }
  if (kind === 'lock' && subject.state?.adminLockedAt != null) return { code: 'already-locked', reason: 'The PIN is already locked.' };
  return null;
}

export type BulkPlan = {
  kind: BulkKind;
  total: number;
  /** Users the operation changes. */
  changed: number;
  skipped: Record<BulkSkip['code'], number>;
  /** set-pin with unlockLocked: locked users that will be unlocked first. */
  unlocked: number;
  /** set-pin: changed users whose existing PIN the new one replaces. */
  replaced: number;
  /** One or two sentences for the WhatIf. */
  summary: string;
};

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The WhatIf: counts and the sentence an administrator confirms. */
export function planBulk(kind: BulkKind, options: BulkOptions, subjects: BulkSubject[], now: number): BulkPlan {
  const skipped = { locked: 0, disabled: 0, 'has-pin': 0, 'already-locked': 0 };
  let changed = 0;
  let unlocked = 0;
  let replaced = 0;
  for (const subject of subjects) {
    const skip = bulkVerdict(kind, options, subject, now);
    if (skip) skipped[skip.code]++;
    else {
      changed++;
      if (kind === 'set-pin' && subject.state && activeLock(subject.state, now)) unlocked++;
      if (kind === 'set-pin' && hasPin(subject.state)) replaced++;
    }
  }
  const parts: string[] = [];
  if (kind === 'set-pin') {
    const notes = [
      ...(replaced ? [`${plural(replaced, 'existing PIN')} replaced`] : []),
      ...(unlocked ? [`${plural(unlocked, 'locked PIN')} unlocked first`] : []),
    ];
    parts.push(`${plural(changed, 'user')} will get a new PIN${notes.length ? ` (${notes.join(', ')})` : ''}`);
    if (skipped['has-pin']) parts.push(`${plural(skipped['has-pin'], 'user has', 'users have')} a PIN already and will keep it`);
    if (skipped.locked) parts.push(`${plural(skipped.locked, 'user is', 'users are')} locked and will be skipped unless you also unlock them`);
    if (skipped.disabled) parts.push(`${plural(skipped.disabled, 'user is', 'users are')} disabled and will be skipped`);
  } else if (kind === 'lock') {
    parts.push(`${plural(changed, 'PIN')} will be locked`);
    if (skipped['already-locked']) parts.push(`${plural(skipped['already-locked'], 'is', 'are')} locked already and will be left as they are`);
  } else if (kind === 'unlock') {
    const locked = subjects.filter((s) => s.state && activeLock(s.state, now)).length;
    parts.push(`${plural(changed, 'PIN')} will be unlocked and their failure counts reset (${plural(locked, 'is', 'are')} locked now)`);
  } else {
    const already = subjects.filter((s) => s.user.grantedPolicy === options.policy).length;
    parts.push(
      `${plural(changed, 'user')} will be assigned ${options.policy ?? '<Automatic>'}${already ? ` (${plural(already, 'has', 'have')} it already)` : ''}`,
    );
  }
  const summary = `${parts.join('; ')}.`;
  return { kind, total: subjects.length, changed, skipped, unlocked, replaced, summary: summary.charAt(0).toUpperCase() + summary.slice(1) };
}

/** Checks the options of an operation before anything is queued; returns them normalized. */
export async function checkBulkOptions(reader: PinStoreReader, kind: BulkKind, options: Partial<BulkOptions>): Promise<BulkOptions> {
  const normalized: BulkOptions = {
    unlockLocked: kind === 'set-pin' && options.unlockLocked === true,
    policy: null,
    // Absent means keep: a caller that does not choose never replaces a working PIN by surprise.
    // (Jobs queued before the choice existed are read by lib/jobs/runner.ts, not here.)
    existingPins: kind === 'set-pin' && options.existingPins !== 'replace' ? 'keep' : 'replace',
  };
  if (kind === 'assign-policy' && options.policy != null && options.policy.trim() !== '') {
    const parsed = parsePolicyIdentity(options.policy);
    if (parsed.scope !== 'user')
      throw new PinError(
        'POLICY_INVALID',
        `Only per-user policies can be assigned; "${parsed.identity}" applies by ${parsed.scope === 'site' ? 'site' : 'default'}.`,
      );
    if ((await reader.getPolicies([parsed.identity])).length === 0)
      throw new PinError('POLICY_NOT_FOUND', `No PIN policy "${parsed.identity}" exists.`, { identity: parsed.identity });
    normalized.policy = parsed.identity;
  }
  return normalized;
}

/** A generated PIN, hashed: made before the transaction that stores it. */
export type PreparedPin = { pin: string; hash: string };

/**
 * Draws and hashes a user's new PIN (the slow part: one argon2 hash, plus one verify per
 * remembered PIN). `policy` is the user's effective policy, `history` their recent hashes.
 */
export async function prepareBulkPin(
  deps: Pick<PinDeps, 'hasher' | 'randomInt'>,
  user: DirectoryUserRecord,
  policy: Pick<PinPolicy, 'minPasswordLength'>,
  history: string[],
): Promise<PreparedPin> {
  const pin = await drawGeneratedPin(deps, user, policy, history);
  return { pin, hash: await deps.hasher.hash(pin) };
}

export type BulkChange = {
  kind: BulkKind;
  options: BulkOptions;
  user: DirectoryUserRecord;
  /** set-pin only. */
  prepared?: PreparedPin;
  actor: Actor;
  context?: RequestContext;
  now: number;
  /** Goes into each user's audit event, linking it to the job. */
  jobId: string;
};

/**
 * Applies one user's change inside `tx`, re-checking the verdict against the state the
 * transaction sees (a PIN locked since the WhatIf is skipped, not overwritten; with
 * `existingPins: 'keep'`, so is a PIN set since the WhatIf). Returns the skip when the user
 * was left out.
 */
export async function applyBulkChange(tx: PinStoreTx, change: BulkChange): Promise<BulkSkip | null> {
  const { user, now, actor, context, options } = change;
  const state = await tx.getPinState(user.id);
  const skip = bulkVerdict(change.kind, options, { user, state }, now);
  if (skip) return skip;
  const write = { actor, context, details: { jobId: change.jobId } };
  switch (change.kind) {
    case 'set-pin': {
      if (!change.prepared) throw new Error('applyBulkChange: set-pin needs a prepared PIN');
      if (state && activeLock(state, now)) await writeUnlock(tx, user, now, write);
      await writeNewPin(tx, user, { hash: change.prepared.hash, length: change.prepared.pin.length, setAt: now, method: 'admin_generated' }, write);
      return null;
    }
    case 'lock':
      await writeLock(tx, user, now, write);
      return null;
    case 'unlock':
      await writeUnlock(tx, user, now, write);
      return null;
    case 'assign-policy':
      if (options.policy !== null && (await tx.getPolicies([options.policy])).length === 0) {
        throw new PinError('POLICY_NOT_FOUND', `No PIN policy "${options.policy}" exists any more.`, { identity: options.policy });
      }
      await tx.grantPolicy([user.id], options.policy);
      await tx.appendAudit({
        at: now,
        actor,
        action: 'pin_policy.granted',
        target: { type: 'user', id: user.id, name: user.sipAddress },
        context,
        outcome: 'success',
        details: { before: user.grantedPolicy, after: options.policy, jobId: change.jobId },
      });
      return null;
  }
}
