'use client';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SeriesRow } from '@/lib/overview/chart-series';
import { seriesFill } from './series-style';

/** Fixed, so the page does not move when the chart measures itself after hydration. */
const CHART_HEIGHT = 256;

/**
 * Stacked bars, one stack per row, one segment per series (filled with its colour and pattern).
 * Hidden from assistive technology as a picture with a name: the data table beside it carries
 * the numbers, and recharts' own keyboard layer would only repeat them less clearly.
 */
export function StackedBarChart<K extends string>({
  rows,
  keys,
  labels,
  patternPrefix,
  tickLabel,
  tooltipLabel,
  description,
}: {
  rows: readonly SeriesRow<K>[];
  keys: readonly K[];
  labels: Record<K, string>;
  patternPrefix: string;
  tickLabel: (start: number) => string;
  tooltipLabel: (start: number) => string;
  description: string;
}) {
  const data = rows.map((row) => ({ start: row.start, ...row.values }));
  return (
    <div role="img" aria-label={description} style={{ height: CHART_HEIGHT }} className="w-full">
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={data} margin={{ top: 8, right: 4, bottom: 0, left: -16 }} barCategoryGap="12%" accessibilityLayer={false}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="start" tickFormatter={tickLabel} minTickGap={12} tick={{ fontSize: 11, fill: '#334155' }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: '#334155' }} width={48} />
          <Tooltip labelFormatter={(start) => tooltipLabel(Number(start))} cursor={{ fill: '#f1f5f9' }} />
          {keys.map((key, i) => (
            <Bar
              key={key}
              dataKey={key}
              name={labels[key]}
              stackId="all"
              fill={seriesFill(patternPrefix, i)}
              stroke="#fff"
              strokeWidth={0.5}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
