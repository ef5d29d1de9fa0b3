import type { SeriesRow } from '@/lib/overview/chart-series';

/**
 * A chart's numbers as a real table, for screen readers, keyboard users and anyone who wants
 * the exact figures: one row per hour or day (UTC), one column per series, and the total.
 */
export function SeriesTable<K extends string>({
  caption,
  rowHeading,
  rows,
  keys,
  labels,
  rowLabel,
}: {
  caption: string;
  rowHeading: string;
  rows: readonly SeriesRow<K>[];
  keys: readonly K[];
  labels: Record<K, string>;
  rowLabel: (start: number) => string;
}) {
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-brand-700 underline">
        Show data table<span className="sr-only">: {caption}</span>
      </summary>
      {/* Focusable and named, so keyboard users can scroll the table (axe: scrollable-region-focusable). */}
      <div role="region" aria-label={caption} tabIndex={0} className="mt-2 max-h-96 overflow-auto">
        <table className="min-w-full text-right tabular-nums">
          <caption className="pb-1 text-left font-medium">{caption}</caption>
          <thead className="sticky top-0 bg-white">
            <tr className="border-b border-slate-200">
              <th scope="col" className="py-1 pr-3 text-left">
                {rowHeading}
              </th>
              {keys.map((key) => (
                <th key={key} scope="col" className="px-2 py-1">
                  {labels[key]}
                </th>
              ))}
              <th scope="col" className="py-1 pl-2">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.start} className="border-b border-slate-100">
                <th scope="row" className="whitespace-nowrap py-1 pr-3 text-left font-normal">
                  {rowLabel(row.start)}
                </th>
                {keys.map((key) => (
                  <td key={key} className="px-2 py-1">
                    {row.values[key].toLocaleString('en-US')}
                  </td>
                ))}
                <td className="py-1 pl-2 font-medium">{row.total.toLocaleString('en-US')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
