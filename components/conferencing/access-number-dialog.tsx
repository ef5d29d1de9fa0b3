'use client';
import { useId, useState, useTransition } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { DialogFooter } from '@/components/ui/dialog-footer';
import type { ActionResult } from '@/lib/actions/result';
import type { AccessNumberDetail } from '@/lib/conferencing/access-numbers-service';

type Save = (input: Record<string, unknown>) => Promise<ActionResult<AccessNumberDetail>>;

const fields = [
  { key: 'displayName', label: 'DisplayName', hint: 'e.g. Redmond Main' },
  { key: 'displayNumber', label: 'DisplayNumber', hint: 'as callers see it, e.g. +1 (425) 555-0199' },
  { key: 'lineUri', label: 'LineUri', hint: 'tel: URI in E.164 form, e.g. tel:+14255550199' },
  { key: 'primaryLanguage', label: 'PrimaryLanguage', hint: 'e.g. en-US' },
  { key: 'secondaryLanguages', label: 'SecondaryLanguages', hint: 'up to 4, comma-separated, e.g. fr-FR, es-ES' },
  { key: 'regions', label: 'Regions', hint: 'comma-separated, e.g. North America, Europe' },
] as const;

type Draft = Record<(typeof fields)[number]['key'], string>;

/** New or edit of a dial-in access number, with each field's error next to it. */
export function AccessNumberDialog({
  number,
  onClose,
  onSaved,
  createAction,
  updateAction,
}: {
  number: AccessNumberDetail | null;
  onClose: () => void;
  onSaved: (text: string) => void;
  createAction: Save;
  updateAction: Save;
}) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>({
    displayName: number?.displayName ?? '',
    displayNumber: number?.displayNumber ?? '',
    lineUri: number?.lineUri ?? 'tel:+',
    primaryLanguage: number?.primaryLanguage ?? 'en-US',
    secondaryLanguages: number?.secondaryLanguages.join(', ') ?? '',
    regions: number?.regions.join(', ') ?? '',
  });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <Dialog open title={number ? `Edit access number ${number.displayName}` : 'New dial-in access number'} onClose={onClose}>
      <form
        noValidate
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          startTransition(async () => {
            const result = number ? await updateAction({ id: number.id, ...draft }) : await createAction(draft);
            if (result.ok) return onSaved(`${number ? 'Saved' : 'Created'} ${result.data.displayName}.`);
            setErrors(result.fieldErrors ?? {});
            setMessage(result.message);
          });
        }}
      >
        {fields.map((f) => (
          <div key={f.key}>
            <label htmlFor={`${id}-${f.key}`} className="block text-sm font-medium text-slate-700">
              {f.label}
            </label>
            <input
              id={`${id}-${f.key}`}
              value={draft[f.key]}
              onChange={(e) => setDraft((d) => ({ ...d, [f.key]: e.target.value }))}
              aria-describedby={`${id}-${f.key}-hint ${id}-${f.key}-error`}
              aria-invalid={errors[f.key] ? true : undefined}
              maxLength={400}
              className={`mt-1 w-full rounded border px-2 py-1.5 ${errors[f.key] ? 'border-red-600' : 'border-slate-300'}`}
            />
            <p id={`${id}-${f.key}-hint`} className="text-xs text-slate-600">
              {f.hint}
            </p>
            <p id={`${id}-${f.key}-error`} aria-live="polite" className="text-sm text-red-700">
              {errors[f.key]?.join(' ')}
            </p>
          </div>
        ))}
        <p aria-live="polite" className="text-sm text-red-700">
          {message && <span role="alert">{message}</span>}
        </p>
        <DialogFooter submitLabel="Save" pending={pending} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
