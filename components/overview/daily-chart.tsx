'use client';
import { dailySeries, dayLabel } from '@/lib/overview/chart-series';
import { HISTORY_DAYS, type HourCount } from '@/lib/overview/overview-types';
import { ChartFigure } from './chart-figure';
import { dayTick, dayTooltip } from './chart-labels';

/** A count per UTC day over the last 30 days (today so far included), by series: lockouts, PIN changes. */
export function DailyChart<K extends string>({
  title,
  counts,
  keys,
  labels,
  asOf,
}: {
  title: string;
  counts: readonly HourCount<K>[];
  keys: readonly K[];
  labels: Record<K, string>;
  asOf: number;
}) {
  const rows = dailySeries(counts, keys, asOf, HISTORY_DAYS);
  return (
    <ChartFigure
      title={title}
      note={`Last ${HISTORY_DAYS} days, from ${dayLabel(rows[0]?.start ?? asOf)} (UTC days; today so far).`}
      keys={keys}
      labels={labels}
      chartRows={rows}
      tickLabel={dayTick}
      tooltipLabel={dayTooltip}
      table={{ caption: `${title}, last ${HISTORY_DAYS} days (UTC)`, rowHeading: 'Day (UTC)', rows, rowLabel: dayLabel }}
    />
  );
}
