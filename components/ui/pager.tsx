'use client';
/** Previous / Next paging for a table whose pages live in client state. */
export function Pager({ page, pages, onPage, label }: { page: number; pages: number; onPage: (page: number) => void; label: string }) {
  if (pages <= 1) return null;
  return (
    <nav aria-label={`${label} pages`} className="flex items-center gap-3 text-sm">
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)} className="rounded border border-slate-300 px-3 py-1 disabled:opacity-50">
        Previous
      </button>
      <span>
        Page {page} of {pages}
      </span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)} className="rounded border border-slate-300 px-3 py-1 disabled:opacity-50">
        Next
      </button>
    </nav>
  );
}
