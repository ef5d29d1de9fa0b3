import { describeEvent, type AuditEventFacts } from '@/lib/audit/describe-event';
import { formatTime } from '@/lib/format/time';

/** One audit row as the page reads it (the audit never holds a PIN or a secret). */
export type AuditRowView = AuditEventFacts & {
  id: number;
  at: Date;
  actorId: string | null;
  targetId: string | null;
  sourceAddress: string;
  userAgent: string;
};

function prettyDetails(details: string): string {
  try {
    return JSON.stringify(JSON.parse(details), null, 2);
  } catch {
    return details;
  }
}

/**
 * The audit trail in words: when, who, what happened; the stored event itself (action code,
 * ids, source, details) one click away under "Raw event", for whoever must match it to an export.
 */
export function AuditTable({ rows }: { rows: AuditRowView[] }) {
  return (
    // Wider than the page when a raw event is open: focusable, so the keyboard can scroll it (axe scrollable-region-focusable).
    <div tabIndex={0} role="region" aria-label="Audit events table" className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Audit events</caption>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            {['#', 'Time', 'Who', 'What', 'Raw event'].map((h) => (
              <th key={h} scope="col" className="px-3 py-2">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={5} className="px-3 py-6 text-center text-slate-600">
                No events match the filter.
              </td>
            </tr>
          )}
          {rows.map((e) => {
            const { who, what } = describeEvent(e);
            const raw: [string, string][] = [
              ['Action', e.action],
              ['Outcome', e.outcome],
              ['Actor', `${e.actorType}: ${e.actorName}${e.actorId ? ` (${e.actorId})` : ''}`],
              ['Target', `${e.targetType ?? '—'}: ${e.targetName}${e.targetId ? ` (${e.targetId})` : ''}`],
              ['Source', e.sourceAddress || '—'],
              ['User agent', e.userAgent || '—'],
            ];
            return (
              <tr key={e.id} className="border-t border-slate-100 align-top">
                <td className="px-3 py-2 text-slate-500">{e.id}</td>
                <td className="whitespace-nowrap px-3 py-2">{formatTime(e.at.getTime())}</td>
                <td className="px-3 py-2">{who}</td>
                <td className={`px-3 py-2 ${e.outcome === 'success' ? '' : 'text-red-800'}`}>{what}</td>
                <td className="px-3 py-2">
                  <details>
                    <summary className="cursor-pointer text-brand-700 underline">Raw event</summary>
                    <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs">
                      {raw.map(([label, value]) => (
                        <div key={label} className="contents">
                          <dt className="text-slate-600">{label}</dt>
                          <dd className="break-all font-mono">{value}</dd>
                        </div>
                      ))}
                    </dl>
                    {e.details !== '{}' && (
                      <pre className="mt-2 max-w-md overflow-x-auto whitespace-pre-wrap break-all text-xs">{prettyDetails(e.details)}</pre>
                    )}
                  </details>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
