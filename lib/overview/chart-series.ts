/**
 * The Overview charts' series from the service's sparse hourly counts: every hour (or day) of
 * the range present, zero-filled, so a quiet hour shows as a gap at the right place instead of
 * the bars closing up. UTC throughout (epoch milliseconds are UTC, so flooring to a multiple of
 * an hour or a day is a UTC boundary). Pure.
 */
import { DAY_MS, HOUR_MS, type HourCount } from './overview-types';

/** One bucket (an hour, six hours or a day, starting at `start`) with a count per series and their total. */
export type SeriesRow<K extends string> = { start: number; values: Record<K, number>; total: number };

/** The start of the bucket of `bucketMs` that holds `ms` (UTC-aligned for hours and days). */
export function bucketStart(ms: number, bucketMs: number): number {
  return Math.floor(ms / bucketMs) * bucketMs;
}

function emptyRow<K extends string>(start: number, keys: readonly K[]): SeriesRow<K> {
  const values = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  return { start, values, total: 0 };
}

/**
 * The `hours` hours up to and including the hour of `asOf`, oldest first, zero-filled. Counts
 * outside the range or of a key not in `keys` are left out (a newer server's extra series must
 * not break the total); counts for the same hour and key add up.
 */
export function hourlySeries<K extends string>(counts: readonly HourCount<K>[], keys: readonly K[], asOf: number, hours: number): SeriesRow<K>[] {
  const last = bucketStart(asOf, HOUR_MS);
  const first = last - (hours - 1) * HOUR_MS;
  const rows = Array.from({ length: Math.max(0, hours) }, (_, i) => emptyRow(first + i * HOUR_MS, keys));
  for (const { hour, key, count } of counts) {
    const start = bucketStart(hour, HOUR_MS);
    if (start < first || start > last || !keys.includes(key)) continue;
    const row = rows[(start - first) / HOUR_MS];
    row.values[key] += count;
    row.total += count;
  }
  return rows;
}

/** Rows merged into buckets of `bucketMs` (6 hours, a day), oldest first; a partial first or last bucket keeps what it has. */
export function groupSeries<K extends string>(rows: readonly SeriesRow<K>[], keys: readonly K[], bucketMs: number): SeriesRow<K>[] {
  const grouped: SeriesRow<K>[] = [];
  for (const row of rows) {
    const start = bucketStart(row.start, bucketMs);
    let target = grouped.at(-1);
    if (target?.start !== start) {
      target = emptyRow(start, keys);
      grouped.push(target);
    }
    for (const key of keys) target.values[key] += row.values[key];
    target.total += row.total;
  }
  return grouped;
}

/** The `days` UTC days up to and including today (today so far), oldest first, zero-filled. */
export function dailySeries<K extends string>(counts: readonly HourCount<K>[], keys: readonly K[], asOf: number, days: number): SeriesRow<K>[] {
  const firstDay = bucketStart(asOf, DAY_MS) - (days - 1) * DAY_MS;
  const hours = (bucketStart(asOf, HOUR_MS) - firstDay) / HOUR_MS + 1;
  return groupSeries(hourlySeries(counts, keys, asOf, hours), keys, DAY_MS);
}

/** Each series' total over the whole range (the chart's legend shows them). */
export function seriesTotals<K extends string>(rows: readonly SeriesRow<K>[], keys: readonly K[]): Record<K, number> {
  const totals = emptyRow(0, keys).values;
  for (const row of rows) for (const key of keys) totals[key] += row.values[key];
  return totals;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** An hour's row label, UTC: `2026-12-07 09:00`. */
export function hourLabel(ms: number): string {
  return `${iso(ms).slice(0, 13).replace('T', ' ')}:00`;
}

/** A day's row label, UTC: `2026-12-07`. */
export function dayLabel(ms: number): string {
  return iso(ms).slice(0, 10);
}
