/**
 * How a chart tells its series apart: a colour and a pattern each (so nothing depends on colour
 * alone, WCAG 1.4.1), the same in the bars and the legend. The patterns are defined once per
 * chart in a hidden SVG, under ids made from the chart's own prefix.
 */
const styles = [
  { colour: '#0f766e', marks: null },
  { colour: '#b91c1c', marks: <path d="M-2 2l4-4M0 8l8-8M6 10l4-4" stroke="#fff" strokeWidth="1.5" /> },
  { colour: '#b45309', marks: <circle cx="4" cy="4" r="1.6" fill="#fff" /> },
  { colour: '#475569', marks: <path d="M0 2h8M0 6h8" stroke="#fff" strokeWidth="1.2" /> },
  { colour: '#7e22ce', marks: <path d="M0 0l8 8M8 0l-8 8" stroke="#fff" strokeWidth="1.2" /> },
  { colour: '#1d4ed8', marks: <path d="M2 0v8M6 0v8" stroke="#fff" strokeWidth="1.2" /> },
] as const;

/** The fill of series `index` (by its position in the chart's key list). */
export function seriesFill(prefix: string, index: number): string {
  return `url(#${prefix}-s${index % styles.length})`;
}

export function SeriesPatterns({ prefix, count }: { prefix: string; count: number }) {
  return (
    <svg width="0" height="0" aria-hidden="true" focusable="false" className="absolute">
      <defs>
        {styles.slice(0, count).map((style, i) => (
          <pattern key={i} id={`${prefix}-s${i}`} width="8" height="8" patternUnits="userSpaceOnUse">
            <rect width="8" height="8" fill={style.colour} />
            {style.marks}
          </pattern>
        ))}
      </defs>
    </svg>
  );
}

/** A legend key: the series' colour and pattern. */
export function SeriesSwatch({ prefix, index }: { prefix: string; index: number }) {
  return (
    <svg width="16" height="16" aria-hidden="true" focusable="false" className="shrink-0 rounded-sm border border-slate-300">
      <rect width="16" height="16" fill={seriesFill(prefix, index)} />
    </svg>
  );
}
