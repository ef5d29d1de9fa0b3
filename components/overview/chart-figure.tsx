'use client';
import { useId, type ReactNode } from 'react';
import { seriesTotals, type SeriesRow } from '@/lib/overview/chart-series';
import { SeriesPatterns, SeriesSwatch } from './series-style';
import { SeriesTable } from './series-table';
import { StackedBarChart } from './stacked-bar-chart';

type Props<K extends string> = {
  title: string;
  /** Under the title: the range and what one bar is. */
  note: string;
  /** Controls between the title and the chart (the logon chart's range). */
  controls?: ReactNode;
  keys: readonly K[];
  labels: Record<K, string>;
  chartRows: readonly SeriesRow<K>[];
  tickLabel: (start: number) => string;
  tooltipLabel: (start: number) => string;
  /** The table may be finer than the bars (every hour of the 7-day logon chart). */
  table: { caption: string; rowHeading: string; rows: readonly SeriesRow<K>[]; rowLabel: (start: number) => string };
};

/** One Overview chart: a figure named by its visible title, the bars, a legend with totals, and the data table. */
export function ChartFigure<K extends string>({ title, note, controls, keys, labels, chartRows, tickLabel, tooltipLabel, table }: Props<K>) {
  // useId's colons and guillemets are not safe inside url(#…): keep letters and digits.
  const id = `chart${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const totals = seriesTotals(table.rows, keys);
  return (
    <figure aria-labelledby={`${id}-title`} className="relative min-w-0 space-y-3 rounded border border-slate-200 bg-white p-3">
      <figcaption className="space-y-1">
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {title}
        </h2>
        <p className="text-sm text-slate-600">{note}</p>
      </figcaption>
      {controls}
      <SeriesPatterns prefix={id} count={keys.length} />
      <StackedBarChart
        rows={chartRows}
        keys={keys}
        labels={labels}
        patternPrefix={id}
        tickLabel={tickLabel}
        tooltipLabel={tooltipLabel}
        description={`${title}: stacked bar chart. The data table below lists every value.`}
      />
      <ul aria-label={`${title}: series and totals`} className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {keys.map((key, i) => (
          <li key={key} className="flex items-center gap-1.5">
            <SeriesSwatch prefix={id} index={i} />
            <span>
              {labels[key]} <span className="text-slate-600 tabular-nums">({totals[key].toLocaleString('en-US')})</span>
            </span>
          </li>
        ))}
      </ul>
      <SeriesTable caption={table.caption} rowHeading={table.rowHeading} rows={table.rows} keys={keys} labels={labels} rowLabel={table.rowLabel} />
    </figure>
  );
}
