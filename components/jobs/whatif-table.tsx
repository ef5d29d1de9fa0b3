import type { WhatIfRow } from '@/lib/jobs/whatif-rows';

/** The WhatIf's counts, one row per kind of user; the last row is the whole selection. */
export function WhatIfTable({ rows }: { rows: WhatIfRow[] }) {
  return (
    <table className="mt-2 w-full text-left text-sm">
      <caption className="sr-only">WhatIf: what happens to the selected users</caption>
      <thead>
        <tr className="border-b border-slate-200">
          <th scope="col" className="py-1 pr-3">
            Users
          </th>
          <th scope="col" className="py-1 pr-3 text-right">
            Count
          </th>
          <th scope="col" className="py-1">
            What happens
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => {
          const total = i === rows.length - 1;
          return (
            <tr key={row.label} className={total ? 'border-t border-slate-300 font-semibold' : 'border-b border-slate-100'}>
              <th scope="row" className="py-1 pr-3 font-normal">
                {row.label}
              </th>
              <td className="py-1 pr-3 text-right tabular-nums">{row.count.toLocaleString('en-US')}</td>
              <td className="py-1">{row.outcome}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
