'use client';
import Link from 'next/link';
import type { UserRow } from '@/lib/users/search-result';
import { formatTime } from '@/lib/format/time';

type Props = {
  rows: UserRow[];
  selected: ReadonlySet<string>;
  onToggle: (id: string, checked: boolean) => void;
  allSelected: boolean;
  onSelectAll: (checked: boolean) => void;
  total: number;
  truncated: boolean;
  max: number;
  page: number;
  pages: number;
  pageHref: (page: number) => string;
  busy: boolean;
};

export function ResultsTable(props: Props) {
  const { rows, selected, total, page, pages } = props;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={props.allSelected} disabled={total === 0} onChange={(e) => props.onSelectAll(e.target.checked)} />
          Select all search results
        </label>
        <p role="status" className="text-slate-600">
          {props.busy
            ? 'Searching…'
            : `${total.toLocaleString('en-US')} user${total === 1 ? '' : 's'}${props.truncated ? ` (the first ${props.max.toLocaleString('en-US')} matches; raise Maximum users to display to see more)` : ''} · ${selected.size.toLocaleString('en-US')} selected`}
        </p>
      </div>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" aria-busy={props.busy}>
          <caption className="sr-only">Search results</caption>
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              <th scope="col" className="w-10 px-3 py-2">
                <span className="sr-only">Selected</span>
              </th>
              {['Display name', 'SIP address', 'Department', 'Site', 'PIN set', 'PIN locked', 'Last PIN change', 'PIN expires'].map((h) => (
                <th key={h} scope="col" className="whitespace-nowrap px-3 py-2">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={9} className="px-3 py-6 text-center text-slate-600">
                  No users match. Change the search text or the filters, then choose Find.
                </td>
              </tr>
            )}
            {rows.map((u) => (
              <tr key={u.id} className={`border-t border-slate-100 ${selected.has(u.id) ? 'bg-brand-50' : ''}`}>
                <td className="px-3 py-2">
                  <input
                    type="checkbox"
                    aria-label={`Select ${u.displayName}`}
                    checked={selected.has(u.id)}
                    onChange={(e) => props.onToggle(u.id, e.target.checked)}
                  />
                </td>
                <td className="px-3 py-2">
                  <Link className="text-brand-700 underline" href={`/users/${u.id}`}>
                    {u.displayName}
                  </Link>
                </td>
                <td className="px-3 py-2 wrap-anywhere">{u.sipAddress}</td>
                <td className="px-3 py-2">{u.department}</td>
                <td className="px-3 py-2">{u.site ?? '—'}</td>
                <td className="px-3 py-2">{u.isPinSet ? 'Yes' : 'No'}</td>
                <td className="px-3 py-2">{u.isLockedOut ? 'Yes' : 'No'}</td>
                <td className="px-3 py-2">{formatTime(u.lastPinChange)}</td>
                <td className="px-3 py-2">{u.pinExpires === null ? 'Never' : formatTime(u.pinExpires)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav aria-label="Pagination" className="flex flex-wrap items-center gap-3 text-sm">
          {page > 1 ? (
            <Link className="text-brand-700 underline" href={props.pageHref(page - 1)}>
              Previous page
            </Link>
          ) : null}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages ? (
            <Link className="text-brand-700 underline" href={props.pageHref(page + 1)}>
              Next page
            </Link>
          ) : null}
        </nav>
      )}
    </div>
  );
}
