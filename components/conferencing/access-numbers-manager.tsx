'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import * as actions from '@/app/(admin)/conferencing/access-numbers/actions';
import type { AccessNumberDetail, AccessNumberView } from '@/lib/conferencing/access-numbers-service';
import { AccessNumberDialog } from './access-number-dialog';

type Props = { regions: { region: string; numbers: AccessNumberView[] }[]; numbers: AccessNumberDetail[]; canEdit: boolean };

/** Dial-in access numbers by region, in the order the dial-in page shows them; CRUD and move up/down. */
export function AccessNumbersManager({ regions, numbers, canEdit }: Props) {
  const router = useRouter();
  const [dialog, setDialog] = useState<{ number: AccessNumberDetail | null } | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const byId = new Map(numbers.map((n) => [n.id, n]));
  const run = (work: () => Promise<{ ok: boolean; message?: string }>, text: string) =>
    startTransition(async () => {
      const result = await work();
      setNotice(result.ok ? { ok: true, text } : { ok: false, text: result.message ?? 'The change failed.' });
      router.refresh();
    });

  return (
    <div className="space-y-4">
      {canEdit && (
        <button type="button" onClick={() => setDialog({ number: null })} className="rounded bg-brand-600 px-3 py-2 text-sm text-white">
          New
        </button>
      )}
      <p aria-live="polite" className={`text-sm ${notice?.ok ? 'text-green-800' : 'text-red-700'}`}>
        {pending ? 'Saving…' : notice?.text}
      </p>
      {regions.length === 0 && <p className="text-slate-600">No dial-in access numbers yet.</p>}
      {regions.map(({ region, numbers: list }) => (
        <section key={region} aria-labelledby={`region-${region}`} className="rounded border border-slate-200 bg-white">
          <h2 id={`region-${region}`} className="border-b border-slate-100 px-3 py-2 font-semibold">
            {region}
          </h2>
          <ol className="divide-y divide-slate-100">
            {list.map((n, index) => (
              <li key={n.id} className="flex flex-wrap items-center gap-3 px-3 py-2 text-sm">
                <span className="w-6 text-slate-500">{index + 1}.</span>
                <span className="min-w-40 font-medium">{n.displayName}</span>
                <span>{n.displayNumber}</span>
                <span className="text-slate-600">{[n.primaryLanguage, ...n.secondaryLanguages].join(', ')}</span>
                {canEdit && (
                  <span className="ml-auto flex flex-wrap gap-1">
                    <button
                      type="button"
                      disabled={index === 0 || pending}
                      onClick={() =>
                        run(() => actions.moveAccessNumberAction({ id: n.id, region, direction: 'up' }), `Moved ${n.displayName} up in ${region}.`)
                      }
                      className="rounded border border-slate-300 px-2 py-1 disabled:opacity-40"
                    >
                      {/* The name says which number and region ("Move Tokyo up in Asia Pacific"); the visible words are part of it (WCAG 2.5.3). */}
                      <span aria-hidden="true">↑ </span>Move<span className="sr-only"> {n.displayName}</span> up
                      <span className="sr-only"> in {region}</span>
                    </button>
                    <button
                      type="button"
                      disabled={index === list.length - 1 || pending}
                      onClick={() =>
                        run(() => actions.moveAccessNumberAction({ id: n.id, region, direction: 'down' }), `Moved ${n.displayName} down in ${region}.`)
                      }
                      className="rounded border border-slate-300 px-2 py-1 disabled:opacity-40"
                    >
                      {/* The name says which number and region ("Move Tokyo down in Asia Pacific"); the visible words are part of it (WCAG 2.5.3). */}
                      <span aria-hidden="true">↓ </span>Move<span className="sr-only"> {n.displayName}</span> down
                      <span className="sr-only"> in {region}</span>
                    </button>
                    <button
                      type="button"
                      aria-label={`Edit ${n.displayName}`}
                      onClick={() => setDialog({ number: byId.get(n.id) ?? null })}
                      className="rounded border border-slate-300 px-2 py-1"
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      aria-label={`Delete ${n.displayName}`}
                      disabled={pending}
                      onClick={() => {
                        if (window.confirm(`Delete the access number ${n.displayName} (${n.displayNumber}) from every region?`))
                          run(() => actions.deleteAccessNumberAction({ id: n.id }), `Deleted ${n.displayName}.`);
                      }}
                      className="rounded border border-slate-300 px-2 py-1"
                    >
                      Delete
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ol>
        </section>
      ))}
      {dialog && (
        <AccessNumberDialog
          number={dialog.number}
          createAction={actions.createAccessNumberAction}
          updateAction={actions.updateAccessNumberAction}
          onClose={() => setDialog(null)}
          onSaved={(text) => {
            setDialog(null);
            setNotice({ ok: true, text });
            router.refresh();
          }}
        />
      )}
    </div>
  );
}
