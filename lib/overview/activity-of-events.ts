/**
 * What each audit event adds to the Overview's hourly counts (activity_count): the audit
 * writer (lib/db/audit-writer.ts) calls this for every batch it appends, and the backfill
 * for events written before the counts existed, so both count alike. Pure.
 */
import type { AuditEventInput } from '../pin/types';
import { hourOf, type LockoutKind, type LogonOutcome, type PinChangeMethod } from './overview-types';

/**
 * logon: attempts by outcome; lockout: lockouts by kind; pin_change: changes by how;
 * failed_user / failed_bridge: failed attempts by the user's / the bridge's id.
 */
export type ActivitySeries = 'logon' | 'lockout' | 'pin_change' | 'failed_user' | 'failed_bridge';

export type ActivityIncrement = { series: ActivitySeries; hour: number; key: string; count: number };

/** What an audit event is read for; the backfill rebuilds this from stored rows. */
export type CountedEvent = Pick<AuditEventInput, 'at' | 'action' | 'outcome' | 'details'> & {
  actor: { type: string; id?: string | null };
  target?: { type: string; id: string | null };
};

/** The chart's outcome of a pin.logon event (lib/pin/use-cases/verify-pin-logon.ts's reasons). */
export function logonOutcomeOf(outcome: string, reason: unknown): LogonOutcome {
  if (outcome === 'success') return 'accepted';
  if (reason === 'wrong-pin') return 'wrongPin';
  if (typeof reason === 'string' && reason.startsWith('locked-')) return 'locked';
  if (reason === 'unknown-identity' || reason === 'ambiguous-identity') return 'unknownCaller';
  // user-disabled, pin-not-set, pin-expired (and any reason added later): the caller is known, the PIN cannot be used.
  return 'noUsablePin';
}

/** How a pin.set event changed the PIN: a bulk job's are counted as the bulk job's, whatever method it used. */
function pinChangeOf(details: Record<string, unknown>): PinChangeMethod | null {
  if (typeof details.jobId === 'string') return 'bulk';
  switch (details.method) {
    case 'admin_set':
      return 'adminSet';
    case 'admin_generated':
      return 'generated';
    case 'self_service':
      return 'selfService';
    default:
      return null;
  }
}

function incrementsOf(event: CountedEvent): Omit<ActivityIncrement, 'hour' | 'count'>[] {
  const details = event.details ?? {};
  switch (event.action) {
    case 'pin.logon': {
      const out: Omit<ActivityIncrement, 'hour' | 'count'>[] = [{ series: 'logon', key: logonOutcomeOf(event.outcome, details.reason) }];
      if (event.outcome === 'failure') {
        if (event.target?.type === 'user' && event.target.id) out.push({ series: 'failed_user', key: event.target.id });
        if (event.actor.type === 'bridge' && event.actor.id) out.push({ series: 'failed_bridge', key: event.actor.id });
      }
      const lock = details.lockTriggered;
      if (lock === 'temporary' || lock === 'system') out.push({ series: 'lockout', key: lock satisfies LockoutKind });
      return out;
    }
    case 'pin.locked':
      // Locking a PIN that was already locked starts no lockout.
      return event.outcome === 'success' && details.alreadyLocked !== true ? [{ series: 'lockout', key: 'admin' satisfies LockoutKind }] : [];
    case 'pin.set': {
      const method = event.outcome === 'success' ? pinChangeOf(details) : null;
      return method ? [{ series: 'pin_change', key: method }] : [];
    }
    default:
      return [];
  }
}

/** The events' increments, summed per (series, hour, key): each key once, as one upsert needs. */
export function activityOf(events: readonly CountedEvent[]): ActivityIncrement[] {
  const sums = new Map<string, ActivityIncrement>();
  for (const event of events) {
    const hour = hourOf(event.at);
    for (const { series, key } of incrementsOf(event)) {
      const id = `${series}\u0000${hour}\u0000${key}`;
      const sum = sums.get(id);
      if (sum) sum.count++;
      else sums.set(id, { series, hour, key, count: 1 });
    }
  }
  return [...sums.values()];
}
