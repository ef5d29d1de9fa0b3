/**
 * What the Overview page shows: the state of PINs now (tiles) and what happened to them
 * (hourly counts kept as the events are written, lib/db/activity-counts.ts). Times are UTC
 * epoch milliseconds, like every time PinDesk shows. Pure: types, constants and the windows.
 */
import { lockKindNames, type LockKind } from '../pin/lockout';

/** How a PIN logon attempt ended, as the Overview charts group them. */
export const logonOutcomes = {
  accepted: 'Accepted',
  wrongPin: 'Wrong PIN',
  locked: 'Locked',
  unknownCaller: 'Unknown caller',
  noUsablePin: 'No usable PIN',
  malformed: 'Malformed',
} as const;
export type LogonOutcome = keyof typeof logonOutcomes;

/** What started a lockout: a temporary lockout, a system lock, or an administrator's Lock PIN (lib/pin's lock kinds). */
export const lockoutKinds = lockKindNames;
export type LockoutKind = LockKind;

/** How a PIN was changed. */
export const pinChangeMethods = {
  adminSet: 'Set by an administrator',
  generated: 'Generated',
  selfService: 'Self-service',
  bulk: 'Bulk job',
} as const;
export type PinChangeMethod = keyof typeof pinChangeMethods;

/** The tiles count enabled users only; "expiring" means within this many days and not yet expired. */
export const EXPIRING_WITHIN_DAYS = 14;

export type OverviewTiles = {
  enabledUsers: number;
  withPin: number;
  withoutPin: number;
  locked: Record<LockoutKind, number>;
  expiringSoon: number;
  expired: number;
};

/** One hour's count of one series (sparse: hours without events are absent). `hour` is the UTC hour's start. */
export type HourCount<K extends string> = { hour: number; key: K; count: number };

/** A user or a bridge with the most failed PIN logons in the last 24 hours. */
export type FailureLeader = {
  /** The user's or the bridge's id. */
  id: string;
  /** Display name and SIP address for a user, the bridge's name for a bridge; null once deleted. */
  name: string | null;
  sipAddress: string | null;
  failures: number;
};

export type OverviewData = {
  /** When the numbers were read. */
  asOf: number;
  tiles: OverviewTiles;
  /** PIN logon attempts per hour, the last 7 days (168 hours up to the current one). */
  logons: HourCount<LogonOutcome>[];
  /** Lockouts per hour, the last 30 days. */
  lockouts: HourCount<LockoutKind>[];
  /** PIN changes per hour, the last 30 days. */
  pinChanges: HourCount<PinChangeMethod>[];
  /** The last 24 hours' most failed identities (users) and bridges, most failures first, at most 10 each. */
  topUsers: FailureLeader[];
  topBridges: FailureLeader[];
};

export const LOGON_HOURS = 7 * 24;
export const HISTORY_DAYS = 30;
export const TOP_LEADERS = 10;

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The start of the UTC hour holding `at`: the hourly counts' bucket. */
export const hourOf = (at: number): number => Math.floor(at / HOUR_MS) * HOUR_MS;

/**
 * The first hour each part of the Overview reads as of `now`: the logon chart's LOGON_HOURS
 * hours, the daily charts' HISTORY_DAYS whole UTC days, and the most failed logons' 24 hours
 * (the current hour so far and the 23 before it: the counts are hourly). Pure.
 */
export function overviewWindows(now: number) {
  const hour = hourOf(now);
  return {
    logons: hour - (LOGON_HOURS - 1) * HOUR_MS,
    history: Math.floor(now / DAY_MS) * DAY_MS - (HISTORY_DAYS - 1) * DAY_MS,
    leaders: hour - 23 * HOUR_MS,
  };
}
