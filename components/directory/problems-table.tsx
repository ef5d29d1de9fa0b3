import type { EntryProblem } from '@/lib/directory/reader';

/** Skipped entries with their reasons (a DN, or "line 12 (sip:…)" of an import file). */
export function ProblemsTable({ problems, total, caption }: { problems: EntryProblem[]; total: number; caption: string }) {
  if (problems.length === 0) return null;
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="px-3 py-2 text-left font-medium">
          {caption}
          {total > problems.length && ` (the first ${problems.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')})`}
        </caption>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2">
              Entry
            </th>
            <th scope="col" className="px-3 py-2">
              Why it was skipped
            </th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i} className="border-t border-slate-100 align-top">
              <td className="break-all px-3 py-2 font-mono text-xs">{p.entry}</td>
              <td className="px-3 py-2">{p.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
