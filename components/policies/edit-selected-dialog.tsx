'use client';
import { useId, useState, useTransition } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { DialogFooter } from '@/components/ui/dialog-footer';
import type { ActionResult } from '@/lib/actions/result';
import { draftFrom, NumberField, numericFields, type PolicyDraft } from './policy-fields';
import { PolicyEffectReview } from './policy-effect-review';

type UpdateMany = (input: { identities: string[]; changes: Record<string, unknown> }) => Promise<ActionResult<{ count: number }>>;
type ReviewMany = (input: { identities: string[]; changes: Record<string, unknown> }) => Promise<ActionResult<{ effect: string[] }>>;
type Key = keyof PolicyDraft;

/** Edit selected: set one or more properties on every selected policy (all or none), reviewed before applying. */
export function EditSelectedDialog({
  identities,
  onClose,
  onSaved,
  updateManyAction,
  reviewManyAction,
}: {
  identities: string[];
  onClose: () => void;
  onSaved: (message: string) => void;
  updateManyAction: UpdateMany;
  reviewManyAction: ReviewMany;
}) {
  const id = useId();
  const [draft, setDraft] = useState<PolicyDraft>(draftFrom(null));
  const [chosen, setChosen] = useState<Set<Key>>(new Set());
  const [message, setMessage] = useState<string | null>(null);
  const [effect, setEffect] = useState<string[] | null>(null);
  const [pending, startTransition] = useTransition();
  const changes = () => Object.fromEntries([...chosen].map((k) => [k, draft[k]]));
  const apply = () =>
    startTransition(async () => {
      const result = await updateManyAction({ identities, changes: changes() });
      if (result.ok) return onSaved(`Changed ${result.data.count} polic${result.data.count === 1 ? 'y' : 'ies'}.`);
      setMessage(result.message);
    });
  const toggle = (key: Key, on: boolean) => setChosen((c) => new Set(on ? [...c, key] : [...c].filter((k) => k !== key)));

  return (
    <Dialog open title={`Edit ${identities.length} selected polic${identities.length === 1 ? 'y' : 'ies'}`} onClose={onClose}>
      {effect ? (
        <PolicyEffectReview
          effect={effect}
          confirmLabel="Confirm and apply"
          pending={pending}
          error={message}
          onConfirm={apply}
          onBack={() => {
            setEffect(null);
            setMessage(null);
          }}
        />
      ) : (
        <form
          className="space-y-3"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (chosen.size === 0) return setMessage('Tick at least one property to change.');
            startTransition(async () => {
              const result = await reviewManyAction({ identities, changes: changes() });
              setMessage(result.ok ? null : result.message);
              if (result.ok) setEffect(result.data.effect);
            });
          }}
        >
          <p className="text-sm text-slate-600">{identities.join(', ')}</p>
          {numericFields.map((f) => (
            <div key={f.key} className="flex flex-wrap items-start gap-3">
              <label className="mt-6 flex items-center gap-2 text-sm">
                <input type="checkbox" checked={chosen.has(f.key)} onChange={(e) => toggle(f.key, e.target.checked)} />
                Change {f.field}
              </label>
              <NumberField
                id={`${id}-${f.key}`}
                label={f.field}
                min={f.min}
                max={f.max}
                hint={f.hint}
                value={draft[f.key]}
                disabled={!chosen.has(f.key)}
                onChange={(v) => setDraft((d) => ({ ...d, [f.key]: v }))}
              />
            </div>
          ))}
          <div className="flex flex-wrap items-center gap-3">
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={chosen.has('allowCommonPatterns')} onChange={(e) => toggle('allowCommonPatterns', e.target.checked)} />
              Change AllowCommonPatterns
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                disabled={!chosen.has('allowCommonPatterns')}
                checked={draft.allowCommonPatterns}
                onChange={(e) => setDraft((d) => ({ ...d, allowCommonPatterns: e.target.checked }))}
              />
              AllowCommonPatterns
            </label>
          </div>
          <p aria-live="polite" className="text-sm text-red-700">
            {message && <span role="alert">{message}</span>}
          </p>
          <DialogFooter submitLabel="Review changes" pending={pending} onCancel={onClose} />
        </form>
      )}
    </Dialog>
  );
}
