import { describe, expect, it } from 'vitest';
import { activityOf } from '../lib/overview/activity-of-events';
import { eventBatches, eventTimes, hourWeight, HOT_USERS, type EventMixOptions } from './overview-events';
import { mulberry32 } from '../lib/db/seed/seeded-random';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const now = Date.UTC(2026, 11, 7, 15, 30); // a Monday afternoon

const options = (count: number): EventMixOptions => ({
  count,
  now,
  users: Array.from({ length: 500 }, (_, i) => ({ id: `u${i}`, sipAddress: `sip:user${i}@example.com` })),
  bridges: Array.from({ length: 20 }, (_, i) => ({ id: `b${i}`, name: `Bridge ${i}`, sourceAddress: `10.0.0.${i + 1}` })),
  admins: [{ id: 'admin', name: 'admin@example.com' }],
});

describe('eventTimes', () => {
  it('returns sorted instants inside the window, denser in working hours', () => {
    const times = eventTimes(20_000, now, 30, mulberry32(1));
    expect(times.length).toBe(20_000);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
    expect(times[0]).toBeGreaterThan(now - 30 * DAY_MS);
    expect(times[times.length - 1]).toBeLessThanOrEqual(now);
    const working = Array.from(times).filter((t) => hourWeight(Math.floor(t / HOUR_MS) * HOUR_MS) === 6).length;
    // Weekday working hours are 50 of the week's 168 hours but weigh 300 of its 424.6.
    expect(working / times.length).toBeGreaterThan(0.6);
  });
});

describe('eventBatches', () => {
  const all = [...eventBatches(options(50_000), 1_000)];
  const events = all.flat();

  it('yields the asked count in batches, oldest first', () => {
    expect(all.length).toBe(50);
    expect(all.every((b) => b.length === 1_000)).toBe(true);
    expect(events.length).toBe(50_000);
    for (let i = 1; i < events.length; i++) expect(events[i].at).toBeGreaterThanOrEqual(events[i - 1].at);
  });

  it('is the same for the same seed', () => {
    const once = [...eventBatches(options(2_000), 500)].flat();
    const again = [...eventBatches(options(2_000), 700)].flat();
    expect(again).toEqual(once);
  });

  it('mixes mostly accepted logons with every kind the Overview counts', () => {
    const logons = events.filter((e) => e.action === 'pin.logon');
    expect(logons.length / events.length).toBeGreaterThan(0.85);
    const accepted = logons.filter((e) => e.outcome === 'success').length / logons.length;
    expect(accepted).toBeGreaterThan(0.6);
    expect(accepted).toBeLessThan(0.75);
    const keys = new Set(activityOf(events).map((i) => `${i.series}:${i.series.startsWith('failed') ? '' : i.key}`));
    for (const key of [
      'logon:accepted',
      'logon:wrongPin',
      'logon:locked',
      'logon:unknownCaller',
      'logon:noUsablePin',
      'lockout:temporary',
      'lockout:system',
      'lockout:admin',
      'pin_change:adminSet',
      'pin_change:generated',
      'pin_change:selfService',
      'pin_change:bulk',
      'failed_user:',
      'failed_bridge:',
    ]) {
      expect(keys).toContain(key);
    }
  });

  it('makes the hot users and the hot bridge lead the last 24 hours’ failures', () => {
    const recent = activityOf(events.filter((e) => e.at > now - DAY_MS));
    const top = (series: string) => {
      const sums = new Map<string, number>();
      for (const i of recent.filter((r) => r.series === series)) sums.set(i.key, (sums.get(i.key) ?? 0) + i.count);
      return [...sums.entries()].sort((a, b) => b[1] - a[1]).map(([key]) => key);
    };
    expect(new Set(top('failed_user').slice(0, HOT_USERS))).toEqual(new Set(Array.from({ length: HOT_USERS }, (_, i) => `u${i}`)));
    expect(top('failed_bridge')[0]).toBe('b0');
  });
});
