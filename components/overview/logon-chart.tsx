'use client';
import { useState } from 'react';
import { groupSeries, hourLabel, hourlySeries } from '@/lib/overview/chart-series';
import { HOUR_MS, logonOutcomes, type HourCount, type LogonOutcome } from '@/lib/overview/overview-types';
import { logonKeys } from '@/lib/overview/series-keys';
import { ChartFigure } from './chart-figure';
import { hourTick, hourTooltip, sixHourTick, sixHourTooltip } from './chart-labels';

const ranges = {
  day: { label: 'Last 24 hours', hours: 24 },
  week: { label: 'Last 7 days', hours: 7 * 24 },
} as const;
type Range = keyof typeof ranges;

/**
 * PIN logon attempts per hour by outcome. The 7-day view draws 6-hour bars (168 hourly bars
 * would be 2 px wide on a phone); its table still lists every hour.
 */
export function LogonChart({ logons, asOf }: { logons: readonly HourCount<LogonOutcome>[]; asOf: number }) {
  const [range, setRange] = useState<Range>('day');
  const hourly = hourlySeries(logons, logonKeys, asOf, ranges[range].hours);
  const week = range === 'week';
  const first = hourly[0]?.start ?? asOf;
  const controls = (
    <div role="group" aria-label="Time range" className="inline-flex rounded border border-slate-300 text-sm">
      {(Object.keys(ranges) as Range[]).map((key) => (
        <button
          key={key}
          type="button"
          aria-pressed={range === key}
          onClick={() => setRange(key)}
          className={`px-3 py-1.5 first:rounded-l last:rounded-r ${range === key ? 'bg-brand-600 text-white' : 'bg-white text-slate-800 hover:bg-slate-100'}`}
        >
          {ranges[key].label}
        </button>
      ))}
    </div>
  );
  return (
    <ChartFigure
      title="PIN logon attempts per hour"
      note={`${ranges[range].label}, from ${hourLabel(first)} UTC${week ? '; each bar is 6 hours' : '; each bar is one hour'}.`}
      controls={controls}
      keys={logonKeys}
      labels={logonOutcomes}
      chartRows={week ? groupSeries(hourly, logonKeys, 6 * HOUR_MS) : hourly}
      tickLabel={week ? sixHourTick : hourTick}
      tooltipLabel={week ? sixHourTooltip : hourTooltip}
      table={{
        caption: `PIN logon attempts per hour, ${ranges[range].label.toLowerCase()} (UTC)`,
        rowHeading: 'Hour (UTC)',
        rows: hourly,
        rowLabel: hourLabel,
      }}
    />
  );
}
