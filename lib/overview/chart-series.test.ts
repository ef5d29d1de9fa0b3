import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from './overview-types';
import { dailySeries, dayLabel, groupSeries, hourLabel, hourlySeries, seriesTotals, type SeriesRow } from './chart-series';
import type { HourCount } from './overview-types';

const keys = ['a', 'b'] as const;
type K = (typeof keys)[number];
const at = (iso: string) => Date.parse(`${iso}Z`);
const hc = (iso: string, key: K, count: number): HourCount<K> => ({ hour: at(iso), key, count });
/** Rows as [label, a, b, total], easy to read in a table. */
const compact = (rows: SeriesRow<K>[], label: (ms: number) => string) => rows.map((r) => [label(r.start), r.values.a, r.values.b, r.total]);

describe('hourlySeries', () => {
  const asOf = at('2026-12-07T09:41:17');
  it.each<{ name: string; counts: HourCount<K>[]; hours: number; expected: (string | number)[][] }>([
    {
      name: 'zero-fills every hour up to the current one, oldest first',
      counts: [],
      hours: 3,
      expected: [
        ['2026-12-07 07:00', 0, 0, 0],
        ['2026-12-07 08:00', 0, 0, 0],
        ['2026-12-07 09:00', 0, 0, 0],
      ],
    },
    {
      name: 'puts counts in their hour and totals them',
      counts: [hc('2026-12-07T08:00', 'a', 2), hc('2026-12-07T08:00', 'b', 5), hc('2026-12-07T09:00', 'b', 1)],
      hours: 3,
      expected: [
        ['2026-12-07 07:00', 0, 0, 0],
        ['2026-12-07 08:00', 2, 5, 7],
        ['2026-12-07 09:00', 0, 1, 1],
      ],
    },
    {
      name: 'adds up repeated hour and key, and floors an unaligned hour',
      counts: [hc('2026-12-07T09:00', 'a', 1), hc('2026-12-07T09:30', 'a', 2)],
      hours: 1,
      expected: [['2026-12-07 09:00', 3, 0, 3]],
    },
    {
      name: 'leaves out counts before the range, after the current hour, and of unknown keys',
      counts: [hc('2026-12-07T07:00', 'a', 9), hc('2026-12-07T10:00', 'a', 9), { hour: at('2026-12-07T09:00'), key: 'zzz' as K, count: 9 }],
      hours: 2,
      expected: [
        ['2026-12-07 08:00', 0, 0, 0],
        ['2026-12-07 09:00', 0, 0, 0],
      ],
    },
    {
      name: 'crosses midnight UTC',
      counts: [hc('2026-12-06T23:00', 'a', 4)],
      hours: 11,
      expected: [['2026-12-06 23:00', 4, 0, 4], ...Array.from({ length: 10 }, (_, h) => [`2026-12-07 0${h}:00`, 0, 0, 0])],
    },
  ])('$name', ({ counts, hours, expected }) => {
    expect(compact(hourlySeries(counts, keys, asOf, hours), hourLabel)).toEqual(expected);
  });

  it('gives 168 hours for the 7-day chart, the last being the current hour', () => {
    const rows = hourlySeries([], keys, asOf, 168);
    expect(rows).toHaveLength(168);
    expect(hourLabel(rows[0].start)).toBe('2026-11-30 10:00');
    expect(hourLabel(rows[167].start)).toBe('2026-12-07 09:00');
  });
});

describe('groupSeries', () => {
  it.each<{ name: string; bucket: number; hours: number; counts: HourCount<K>[]; expected: (string | number)[][] }>([
    {
      name: '6-hour buckets aligned to 00, 06, 12 and 18 UTC, the first one partial',
      bucket: 6 * HOUR_MS,
      hours: 12,
      counts: [hc('2026-12-06T22:00', 'a', 1), hc('2026-12-07T05:00', 'b', 2), hc('2026-12-07T06:00', 'a', 3)],
      expected: [
        ['2026-12-06 18:00', 1, 0, 1],
        ['2026-12-07 00:00', 0, 2, 2],
        ['2026-12-07 06:00', 3, 0, 3],
      ],
    },
    {
      name: 'UTC days',
      bucket: DAY_MS,
      hours: 30,
      counts: [hc('2026-12-06T04:00', 'a', 1), hc('2026-12-06T23:00', 'a', 1), hc('2026-12-07T00:00', 'b', 7)],
      expected: [
        ['2026-12-06 00:00', 2, 0, 2],
        ['2026-12-07 00:00', 0, 7, 7],
      ],
    },
  ])('$name', ({ bucket, hours, counts, expected }) => {
    const hourly = hourlySeries(counts, keys, at('2026-12-07T09:05'), hours);
    expect(compact(groupSeries(hourly, keys, bucket), hourLabel)).toEqual(expected);
  });

  it('keeps the total of every series', () => {
    const hourly = hourlySeries([hc('2026-12-01T00:00', 'a', 4), hc('2026-12-05T13:00', 'b', 6)], keys, at('2026-12-07T09:05'), 168);
    expect(seriesTotals(groupSeries(hourly, keys, 6 * HOUR_MS), keys)).toEqual({ a: 4, b: 6 });
    expect(seriesTotals(hourly, keys)).toEqual({ a: 4, b: 6 });
  });
});

describe('dailySeries', () => {
  it('gives the last 30 UTC days, today included, zero-filled', () => {
    const asOf = at('2026-12-07T00:30');
    const rows = dailySeries([hc('2026-11-08T00:00', 'a', 1), hc('2026-11-07T23:00', 'a', 50), hc('2026-12-07T00:00', 'b', 2)], keys, asOf, 30);
    expect(rows).toHaveLength(30);
    expect(compact([rows[0], rows[29]], dayLabel)).toEqual([
      ['2026-11-08', 1, 0, 1],
      ['2026-12-07', 0, 2, 2],
    ]);
    expect(rows.slice(1, 29).every((row) => row.total === 0)).toBe(true);
  });

  it.each([
    ['just after midnight', '2026-12-07T00:00:00'],
    ['just before midnight', '2026-12-07T23:59:59'],
  ])('has one row per day %s', (_, iso) => {
    const rows = dailySeries([], keys, at(iso), 30);
    expect(rows.map((r) => dayLabel(r.start))).toEqual(Array.from({ length: 30 }, (_, i) => dayLabel(at('2026-11-08T00:00') + i * DAY_MS)));
  });
});

describe('labels', () => {
  it.each([
    [at('2026-12-07T09:00'), '2026-12-07 09:00', '2026-12-07'],
    [at('2026-01-01T00:59:59'), '2026-01-01 00:00', '2026-01-01'],
  ])('%i is hour %s, day %s (UTC)', (ms, hour, day) => {
    expect(hourLabel(ms)).toBe(hour);
    expect(dayLabel(ms)).toBe(day);
  });
});
