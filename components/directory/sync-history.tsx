import type { SyncRunView } from '@/lib/directory/directory-service';
import { runKindWords, runStatusWords } from '@/lib/directory/run-words';
import { syncSummary } from '@/lib/directory/sync-summary';
import { formatTime } from '@/lib/format/time';
import { ProblemsTable } from './problems-table';

/** The latest syncs and imports of every source: when, what, who, the counts, and the skipped entries behind a disclosure. */
export function SyncHistory({ runs }: { runs: SyncRunView[] }) {
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="px-3 py-2 text-left font-semibold">Sync history</caption>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            {['Started', 'Source', 'Kind', 'Status', 'Requested by', 'Result'].map((h) => (
              <th key={h} scope="col" className="px-3 py-2">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.length === 0 && (
            <tr>
              <td colSpan={6} className="px-3 py-6 text-center text-slate-600">
                No sync or import has run yet.
              </td>
            </tr>
          )}
          {runs.map((run) => (
            <tr key={run.id} className="border-t border-slate-100 align-top">
              <td className="whitespace-nowrap px-3 py-2">{formatTime(run.startedAt)}</td>
              <td className="px-3 py-2">{run.sourceName}</td>
              <td className="px-3 py-2">{runKindWords[run.kind]}</td>
              <td className="px-3 py-2">{runStatusWords[run.status]}</td>
              <td className="px-3 py-2">{run.requestedBy || 'PinDesk'}</td>
              <td className="px-3 py-2">
                <p>{syncSummary(run)}</p>
                {run.message && <p className="text-red-700">{run.message}</p>}
                {run.problems.length > 0 && (
                  <details>
                    <summary className="cursor-pointer text-brand-700 underline">Skipped entries</summary>
                    <ProblemsTable problems={run.problems} total={run.skipped} caption="Skipped entries" />
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
