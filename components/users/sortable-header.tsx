'use client';
import type { SortColumn, SortOrder } from '@/lib/users/search-params';

type Props = {
  label: string;
  column: SortColumn;
  sort: { column: SortColumn; order: SortOrder };
  onSort: (column: SortColumn) => void;
};

/**
 * A results column header that sorts: a button named by the column, the state on the header
 * cell as aria-sort (what screen readers announce), an arrow for sighted users.
 */
export function SortableHeader({ label, column, sort, onSort }: Props) {
  const active = sort.column === column;
  const ariaSort = active ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <th scope="col" aria-sort={ariaSort} className="px-2 py-2">
      <button type="button" className="inline-flex items-center gap-1 font-semibold hover:underline" onClick={() => onSort(column)}>
        {label}
        <span aria-hidden="true" className="text-xs">
          {active ? (sort.order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}
