'use client';
import Link from 'next/link';
import type { MouseEvent } from 'react';
import type { UserRow } from '@/lib/users/search-result';
import { sortColumns, type SortColumn, type SortOrder } from '@/lib/users/search-params';
import { SortableHeader } from './sortable-header';
import { formatTime } from '@/lib/format/time';

type Props = {
  rows: UserRow[];
  selected: ReadonlySet<string>;
  onToggle: (id: string, checked: boolean) => void;
  /** A click on the row itself (not its link or checkbox): select this user only. */
  onSelectOnly: (id: string) => void;
  /** The user page's address, remembering this search for "Back to Users". */
  userHref: (id: string) => string;
  allSelected: boolean;
  onSelectAll: (checked: boolean) => void;
  total: number;
  truncated: boolean;
  max: number;
  page: number;
  pages: number;
  pageHref: (page: number) => string;
  busy: boolean;
  sort: { column: SortColumn; order: SortOrder };
  onSort: (column: SortColumn) => void;
};

/** The columns after the selection box; `sort` marks those the search can order by. */
const columns: { label: string; sort?: SortColumn }[] = [
  { label: 'Display name', sort: 'displayName' },
  { label: 'SIP address', sort: 'sipAddress' },
  { label: 'Line URI' },
  { label: 'Extension' },
  { label: 'Department', sort: 'department' },
  { label: 'Site' },
  { label: 'PIN set' },
  { label: 'PIN locked' },
  { label: 'Last PIN change' },
  { label: 'PIN expires' },
];

/**
 * Clicking a row selects it, as in the Control Panel (seed step 6): a plain click selects that
 * user only, Ctrl/⌘-click adds or removes it. Clicks on the row's link, checkbox or other
 * controls keep their own behaviour, and a drag that selects text selects no user.
 */
function onRowClick(event: MouseEvent<HTMLTableRowElement>, id: string, checked: boolean, props: Props) {
  if ((event.target as Element).closest('a, button, input, label, select, textarea')) return;
  if (window.getSelection()?.toString()) return;
  if (event.ctrlKey || event.metaKey) props.onToggle(id, !checked);
  else props.onSelectOnly(id);
}

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
              <th scope="col" className="w-10 px-2 py-2">
                <span className="sr-only">Selected</span>
              </th>
              {columns.map(({ label, sort }) =>
                sort ? (
                  <SortableHeader key={label} label={sortColumns[sort]} column={sort} sort={props.sort} onSort={props.onSort} />
                ) : (
                  <th key={label} scope="col" className="px-2 py-2">
                    {label}
                  </th>
                ),
              )}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={columns.length + 1} className="px-3 py-6 text-center text-slate-600">
                  No users match. Change the search text or the filters, then choose Find.
                </td>
              </tr>
            )}
            {rows.map((u) => (
              <tr
                key={u.id}
                onClick={(event) => onRowClick(event, u.id, selected.has(u.id), props)}
                className={`cursor-pointer border-t border-slate-100 ${selected.has(u.id) ? 'bg-brand-50' : 'hover:bg-slate-50'}`}
              >
                <td className="px-2 py-2">
                  <input
                    type="checkbox"
                    aria-label={`Select ${u.displayName}`}
                    checked={selected.has(u.id)}
                    onChange={(e) => props.onToggle(u.id, e.target.checked)}
                  />
                </td>
                <td className="px-2 py-2">
                  <Link className="text-brand-700 underline" href={props.userHref(u.id)}>
                    {u.displayName}
                  </Link>
                </td>
                <td className="px-2 py-2 wrap-anywhere">{u.sipAddress}</td>
                <td className="px-2 py-2 wrap-anywhere">{u.lineUri || '—'}</td>
                <td className="px-2 py-2">{u.extension || '—'}</td>
                <td className="px-2 py-2">{u.department}</td>
                <td className="px-2 py-2">{u.site ?? '—'}</td>
                <td className="px-2 py-2">{u.isPinSet ? 'Yes' : 'No'}</td>
                <td className="px-2 py-2">{u.isLockedOut ? 'Yes' : 'No'}</td>
                <td className="px-2 py-2">{formatTime(u.lastPinChange)}</td>
                <td className="px-2 py-2">{u.pinExpires === null ? 'Never' : formatTime(u.pinExpires)}</td>
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
