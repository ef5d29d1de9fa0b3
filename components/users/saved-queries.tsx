'use client';
import { useRef, useState, useTransition } from 'react';
import { Dialog } from '@/components/ui/dialog';
import type { ActionResult } from '@/lib/actions/result';
import type { SavedQueryView } from '@/lib/users/users-service';
import type { UserSearch } from '@/lib/users/search-params';

type Actions = {
  save: (input: { name: string; search: UserSearch }) => Promise<ActionResult<SavedQueryView[]>>;
  remove: (input: { id: string }) => Promise<ActionResult<SavedQueryView[]>>;
  importFile: (input: { text: string }) => Promise<ActionResult<{ imported: number; queries: SavedQueryView[] }>>;
};

/** "Save query" and "Open query": saved per administrator, exportable to and importable from a file. */
export function SavedQueries({
  current,
  initial,
  actions,
  onOpen,
}: {
  current: UserSearch;
  initial: SavedQueryView[];
  actions: Actions;
  onOpen: (search: UserSearch) => void;
}) {
  const [queries, setQueries] = useState(initial);
  const [dialog, setDialog] = useState<'save' | 'open' | null>(null);
  const [name, setName] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const fileRef = useRef<HTMLInputElement>(null);

  const exportFile = () => {
    const file = { format: 'pindesk-saved-queries', version: 1, queries: queries.map(({ name, search }) => ({ name, search })) };
    const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: 'pindesk-saved-queries.json' });
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <>
      <button
        type="button"
        onClick={() => {
          setMessage(null);
          setDialog('save');
        }}
        className="rounded border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-100"
      >
        Save query
      </button>
      <button
        type="button"
        onClick={() => {
          setMessage(null);
          setDialog('open');
        }}
        className="rounded border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-100"
      >
        Open query
      </button>
      {dialog === 'save' && (
        <Dialog open title="Save query" onClose={() => setDialog(null)}>
          <form
            className="space-y-4"
            onSubmit={(event) => {
              event.preventDefault();
              startTransition(async () => {
                const result = await actions.save({ name, search: current });
                if (!result.ok) return setMessage({ ok: false, text: result.message });
                setQueries(result.data);
                setDialog(null);
              });
            }}
          >
            <label className="block">
              <span className="text-sm text-slate-700">Query name</span>
              <input
                value={name}
                onChange={(e) => setName(e.target.value)}
                maxLength={100}
                required
                className="mt-1 block w-full rounded border border-slate-300 px-3 py-2"
              />
            </label>
            <p aria-live="polite" className="text-sm text-red-700">
              {message && !message.ok ? message.text : ''}
            </p>
            <div className="flex justify-end gap-2">
              <button type="button" onClick={() => setDialog(null)} className="rounded border border-slate-300 px-4 py-2">
                Cancel
              </button>
              <button type="submit" disabled={pending} className="rounded bg-brand-600 px-4 py-2 text-white">
                Save
              </button>
            </div>
          </form>
        </Dialog>
      )}
      {dialog === 'open' && (
        <Dialog open title="Open query" onClose={() => setDialog(null)}>
          {queries.length === 0 ? (
            <p className="text-slate-600">You have no saved queries yet. Run a search, then choose Save query.</p>
          ) : (
            <ul className="divide-y divide-slate-100 rounded border border-slate-200">
              {queries.map((q) => (
                <li key={q.id} className="flex items-center justify-between gap-2 px-3 py-2">
                  <span className="font-medium">{q.name}</span>
                  <span className="flex gap-2">
                    <button
                      type="button"
                      aria-label={`Open ${q.name}`}
                      onClick={() => {
                        setDialog(null);
                        onOpen(q.search);
                      }}
                      className="rounded border border-slate-300 px-2 py-1 text-sm"
                    >
                      Open
                    </button>
                    <button
                      type="button"
                      aria-label={`Delete ${q.name}`}
                      onClick={() =>
                        startTransition(async () => {
                          const r = await actions.remove({ id: q.id });
                          if (r.ok) setQueries(r.data);
                        })
                      }
                      className="rounded border border-slate-300 px-2 py-1 text-sm"
                    >
                      Delete
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          )}
          <div className="mt-4 flex flex-wrap items-center gap-2">
            <button
              type="button"
              onClick={exportFile}
              disabled={queries.length === 0}
              className="rounded border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-50"
            >
              Export to file
            </button>
            <label className="rounded border border-slate-300 px-3 py-1.5 text-sm">
              Import from file
              <input
                ref={fileRef}
                type="file"
                accept="application/json,.json"
                className="sr-only"
                onChange={async (event) => {
                  const file = event.target.files?.[0];
                  if (!file) return;
                  const text = await file.text();
                  startTransition(async () => {
                    const result = await actions.importFile({ text });
                    if (fileRef.current) fileRef.current.value = '';
                    if (!result.ok) return setMessage({ ok: false, text: result.message });
                    setQueries(result.data.queries);
                    setMessage({ ok: true, text: `Imported ${result.data.imported} quer${result.data.imported === 1 ? 'y' : 'ies'}.` });
                  });
                }}
              />
            </label>
            <button type="button" onClick={() => setDialog(null)} className="ml-auto rounded bg-brand-600 px-4 py-2 text-white">
              Close
            </button>
          </div>
          <p aria-live="polite" className={`mt-2 text-sm ${message?.ok ? 'text-green-800' : 'text-red-700'}`}>
            {message?.text}
          </p>
        </Dialog>
      )}
    </>
  );
}
