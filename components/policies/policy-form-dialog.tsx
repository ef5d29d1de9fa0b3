'use client';
import { useId, useState, useTransition } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { DialogFooter } from '@/components/ui/dialog-footer';
import type { ActionResult } from '@/lib/actions/result';
import type { PinPolicy } from '@/lib/pin/types';
import { draftFrom, NumberField, numericFields, type PolicyDraft } from './policy-fields';
import { PolicyEffectReview } from './policy-effect-review';

type SaveAction = (input: Record<string, unknown>) => Promise<ActionResult<PinPolicy>>;
type ReviewAction = (input: Record<string, unknown>) => Promise<ActionResult<{ effect: string[] }>>;

/**
 * New (site or per-user) or Edit of one PIN policy, with each range error next to its field.
 * Reviewed first (how many users it governs, what changes for them: a new site policy takes
 * its site's users over from global), then saved on confirmation.
 */
export function PolicyFormDialog({
  policy,
  sites,
  onClose,
  onSaved,
  createAction,
  updateAction,
  reviewAction,
}: {
  policy: PinPolicy | null;
  sites: string[];
  onClose: () => void;
  onSaved: (message: string) => void;
  createAction: SaveAction;
  updateAction: SaveAction;
  reviewAction: ReviewAction;
}) {
  const id = useId();
  const [scope, setScope] = useState<'site' | 'user'>(sites.length ? 'site' : 'user');
  const [site, setSite] = useState(sites[0] ?? '');
  const [name, setName] = useState('');
  const [draft, setDraft] = useState<PolicyDraft>(draftFrom(policy));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [effect, setEffect] = useState<string[] | null>(null);
  const [pending, startTransition] = useTransition();
  const set = (change: Partial<PolicyDraft>) => setDraft((d) => ({ ...d, ...change }));
  const fieldError = (field: string) => errors[field]?.join(' ');

  const body = () => ({ ...draft, maximumLogonAttempts: draft.maximumLogonAttempts });
  const identity = () => (policy ? policy.identity : scope === 'site' ? `site:${site}` : name.trim());
  const review = () =>
    startTransition(async () => {
      const result = await reviewAction({ identity: identity(), ...body() });
      setErrors(result.ok ? {} : (result.fieldErrors ?? {}));
      setMessage(result.ok ? null : result.message);
      if (result.ok) setEffect(result.data.effect);
    });
  const save = () =>
    startTransition(async () => {
      const result = policy ? await updateAction({ identity: policy.identity, ...body() }) : await createAction({ identity: identity(), ...body() });
      if (result.ok) return onSaved(policy ? `Saved ${result.data.identity}.` : `Created ${result.data.identity}.`);
      setErrors(result.fieldErrors ?? {});
      setMessage(result.message);
    });

  return (
    <Dialog open title={policy ? `Edit PIN policy ${policy.identity}` : 'New PIN policy'} onClose={onClose}>
      {effect ? (
        <PolicyEffectReview
          effect={effect}
          confirmLabel={policy ? 'Confirm and save' : 'Confirm and create'}
          pending={pending}
          error={message}
          onConfirm={save}
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
            review();
          }}
        >
          {!policy && (
            <div className="flex flex-wrap gap-4">
              <div>
                <label htmlFor={`${id}-scope`} className="block text-sm font-medium text-slate-700">
                  Scope
                </label>
                <select
                  id={`${id}-scope`}
                  value={scope}
                  onChange={(e) => setScope(e.target.value as 'site' | 'user')}
                  className="mt-1 rounded border border-slate-300 px-2 py-1.5"
                >
                  <option value="site" disabled={sites.length === 0}>
                    Site
                  </option>
                  <option value="user">Per-user</option>
                </select>
              </div>
              {scope === 'site' ? (
                <div>
                  <label htmlFor={`${id}-site`} className="block text-sm font-medium text-slate-700">
                    Site
                  </label>
                  <select id={`${id}-site`} value={site} onChange={(e) => setSite(e.target.value)} className="mt-1 rounded border border-slate-300 px-2 py-1.5">
                    {sites.map((s) => (
                      <option key={s}>{s}</option>
                    ))}
                  </select>
                </div>
              ) : (
                <div>
                  <label htmlFor={`${id}-name`} className="block text-sm font-medium text-slate-700">
                    Name
                  </label>
                  <input
                    id={`${id}-name`}
                    value={name}
                    onChange={(e) => setName(e.target.value)}
                    maxLength={64}
                    className="mt-1 rounded border border-slate-300 px-2 py-1.5"
                  />
                </div>
              )}
            </div>
          )}
          <label className="block">
            <span className="block text-sm font-medium text-slate-700">Description</span>
            <input
              value={draft.description}
              onChange={(e) => set({ description: e.target.value })}
              maxLength={1024}
              className="mt-1 w-full rounded border border-slate-300 px-2 py-1.5"
            />
          </label>
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            {numericFields.map((f) => (
              <NumberField
                key={f.key}
                id={`${id}-${f.key}`}
                label={f.field}
                min={f.min}
                max={f.max}
                hint={f.hint}
                value={draft[f.key]}
                onChange={(v) => set({ [f.key]: v })}
                error={fieldError(f.field)}
              />
            ))}
          </div>
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={draft.allowCommonPatterns} onChange={(e) => set({ allowCommonPatterns: e.target.checked })} />
            AllowCommonPatterns
          </label>
          <p aria-live="polite" className="text-sm text-red-700">
            {message && <span role="alert">{message}</span>}
          </p>
          <DialogFooter submitLabel="Review changes" pending={pending} onCancel={onClose} />
        </form>
      )}
    </Dialog>
  );
}
