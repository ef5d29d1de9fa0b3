/**
 * The audit events `npm run bench:overview` appends: a fixed-seed, realistic mix over the
 * last `days` days, oldest first, denser in working hours (08–18 UTC) and on weekdays.
 *
 * - pin.logon (90 %) from the bridges against random users: 70 % accepted; the rest wrong PIN
 *   (some triggering a temporary or system lock), locked (temporary, system, admin), unknown
 *   caller (no target), PIN expired or not set.
 * - pin.set (8 %) by an administrator (admin_set, admin_generated), the user (self_service),
 *   or a bulk job (admin_generated with a jobId).
 * - pin.locked (1.5 %, a tenth of them on an already locked PIN) and pin.unlocked (0.5 %).
 *
 * In the last 24 hours, a share of the events (HOT_SHARE) are wrong-PIN logons against a few
 * hot users, half of them through one hot bridge: "most failed logons" then ranks real
 * leaders among thousands of one- or two-failure keys. Pure.
 */
import { mulberry32 } from '../lib/db/seed/seeded-random';
import { DAY_MS, HOUR_MS } from '../lib/overview/overview-types';
import type { AuditEventInput } from '../lib/pin/types';

export type BenchUser = { id: string; sipAddress: string };
export type BenchBridge = { id: string; name: string; sourceAddress: string };
export type BenchAdmin = { id: string; name: string };

export type EventMixOptions = {
  count: number;
  now: number;
  users: readonly BenchUser[];
  bridges: readonly BenchBridge[];
  admins: readonly BenchAdmin[];
  days?: number;
  seed?: number;
};

export const HOT_USERS = 5;
/** Share of the last 24 hours' events that are the hot users' failures. */
export const HOT_SHARE = 0.1;

/** Relative density of an hour starting at `hourStart` (UTC): working hours on weekdays are busiest. */
export function hourWeight(hourStart: number): number {
  const date = new Date(hourStart);
  const hour = date.getUTCHours();
  const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
  const working = hour >= 8 && hour < 18;
  return (working ? 6 : 1) * (weekend ? 0.3 : 1);
}

/** `count` instants in (now − days, now], sorted, drawn with hourWeight's density. */
export function eventTimes(count: number, now: number, days: number, random: () => number): Float64Array {
  const start = now - days * DAY_MS;
  const firstHour = Math.floor(start / HOUR_MS) * HOUR_MS;
  const hours: { from: number; to: number }[] = [];
  for (let h = firstHour; h <= now; h += HOUR_MS) hours.push({ from: Math.max(h, start), to: Math.min(h + HOUR_MS, now) });
  const cumulative = new Float64Array(hours.length);
  let total = 0;
  hours.forEach((h, i) => {
    total += hourWeight(h.from) * ((h.to - h.from) / HOUR_MS);
    cumulative[i] = total;
  });
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const x = random() * total;
    let lo = 0;
    let hi = hours.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    const h = hours[lo];
    times[i] = Math.min(now, Math.floor(h.from + random() * (h.to - h.from)));
  }
  return times.sort();
}

/** Picks by weights: `table` is [value, weight][] with weights summing to 1 (or less: the last value takes the rest). */
function pick<T>(random: () => number, table: readonly (readonly [T, number])[]): T {
  let x = random();
  for (const [value, weight] of table) {
    if (x < weight) return value;
    x -= weight;
  }
  return table[table.length - 1][0];
}

type LogonKind = 'accepted' | 'wrong-pin' | 'locked-temporary' | 'locked-system' | 'locked-admin' | 'unknown-identity' | 'pin-expired' | 'pin-not-set';

const logonMix: readonly (readonly [LogonKind, number])[] = [
  ['accepted', 0.7],
  ['wrong-pin', 0.18],
  ['locked-temporary', 0.035],
  ['locked-system', 0.01],
  ['locked-admin', 0.01],
  ['unknown-identity', 0.04],
  ['pin-expired', 0.015],
  ['pin-not-set', 0.01],
];

type Action = 'pin.logon' | 'pin.set' | 'pin.locked' | 'pin.unlocked';
const actionMix: readonly (readonly [Action, number])[] = [
  ['pin.logon', 0.9],
  ['pin.set', 0.08],
  ['pin.locked', 0.015],
  ['pin.unlocked', 0.005],
];

type SetKind = 'admin_set' | 'admin_generated' | 'self_service' | 'bulk';
const setMix: readonly (readonly [SetKind, number])[] = [
  ['admin_set', 0.35],
  ['admin_generated', 0.2],
  ['self_service', 0.35],
  ['bulk', 0.1],
];

/** The events, oldest first, in batches of `batchSize` (the last may be shorter). */
export function* eventBatches(options: EventMixOptions, batchSize: number): Generator<AuditEventInput[]> {
  const { count, now, users, bridges, admins } = options;
  if (users.length < HOT_USERS + 1 || bridges.length < 2 || admins.length === 0) throw new Error('eventBatches needs users, bridges and admins');
  const random = mulberry32(options.seed ?? 0x0b5e_47ed);
  const times = eventTimes(count, now, options.days ?? 30, random);
  const hotSince = now - DAY_MS;
  const hotUsers = users.slice(0, HOT_USERS);
  const hotBridge = bridges[0];
  const anyOf = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const jobIds = Array.from({ length: 12 }, (_, i) => `bench-job-${String(i + 1).padStart(2, '0')}`);
  const logonBridge = () => bridges[1 + Math.floor(random() * (bridges.length - 1))];

  const logon = (at: number, bridge: BenchBridge, user: BenchUser | null, kind: LogonKind): AuditEventInput => {
    const identity = user ? user.sipAddress.replace(/^sip:/, '') : `***${String(Math.floor(random() * 10_000)).padStart(4, '0')}`;
    const lockTriggered =
      kind === 'wrong-pin'
        ? pick<'temporary' | 'system' | null>(random, [
            ['temporary', 0.05],
            ['system', 0.005],
            [null, 1],
          ])
        : null;
    return {
      at,
      actor: { type: 'bridge', id: bridge.id, name: bridge.name },
      action: 'pin.logon',
      target: user ? { type: 'user', id: user.id, name: user.sipAddress } : undefined,
      context: { sourceAddress: bridge.sourceAddress },
      outcome: kind === 'accepted' ? 'success' : 'failure',
      details: kind === 'accepted' ? { identity } : { identity, reason: kind, lockTriggered },
    };
  };

  const event = (at: number): AuditEventInput => {
    if (at > hotSince && random() < HOT_SHARE) {
      return logon(at, random() < 0.5 ? hotBridge : logonBridge(), anyOf(hotUsers), 'wrong-pin');
    }
    const action = pick(random, actionMix);
    const user = anyOf(users);
    const target = { type: 'user', id: user.id, name: user.sipAddress };
    const admin = anyOf(admins);
    const adminActor = { type: 'user' as const, id: admin.id, name: admin.name };
    const context = { sourceAddress: `10.1.${Math.floor(random() * 4)}.${1 + Math.floor(random() * 250)}`, userAgent: 'Mozilla/5.0 (bench)' };
    switch (action) {
      case 'pin.logon': {
        const kind = pick(random, logonMix);
        return logon(at, logonBridge(), kind === 'unknown-identity' ? null : user, kind);
      }
      case 'pin.set': {
        const kind = pick(random, setMix);
        if (kind === 'self_service') {
          return {
            at,
            actor: { type: 'user', id: user.id, name: user.sipAddress },
            action,
            target,
            context,
            outcome: 'success',
            details: { method: 'self_service' },
          };
        }
        const details = kind === 'bulk' ? { method: 'admin_generated', jobId: anyOf(jobIds) } : { method: kind };
        return { at, actor: adminActor, action, target, context, outcome: 'success', details };
      }
      case 'pin.locked':
        return { at, actor: adminActor, action, target, context, outcome: 'success', details: random() < 0.1 ? { alreadyLocked: true } : {} };
      case 'pin.unlocked':
        return { at, actor: adminActor, action, target, context, outcome: 'success', details: { lockKind: 'admin', localFailures: 0, globalFailures: 0 } };
    }
  };

  for (let from = 0; from < count; from += batchSize) {
    const batch: AuditEventInput[] = [];
    for (let i = from; i < Math.min(count, from + batchSize); i++) batch.push(event(times[i]));
    yield batch;
  }
}
