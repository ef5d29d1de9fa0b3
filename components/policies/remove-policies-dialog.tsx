'use client';
import { useEffect, useState, useTransition } from 'react';
import { Dialog } from '@/components/ui/dialog';
import type { ActionResult } from '@/lib/actions/result';
import { PolicyEffectReview } from './policy-effect-review';

type Review = (input: { identities: string[] }) => Promise<ActionResult<{ effect: string[] }>>;
type Remove = (input: { identities: string[] }) => Promise<ActionResult<{ removed: number; reset: number }>>;

/** Delete (or, for global, Reset to defaults): where the users fall back and what that changes, then Confirm. */
export function RemovePoliciesDialog({
  identities,
  onlyGlobal,
  reviewAction,
  removeAction,
  onClose,
  onSaved,
}: {
  identities: string[];
  onlyGlobal: boolean;
  reviewAction: Review;
  removeAction: Remove;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const [effect, setEffect] = useState<string[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  useEffect(() => {
    let live = true;
    void reviewAction({ identities }).then((result) => {
      if (!live) return;
      if (result.ok) setEffect(result.data.effect);
      else setMessage(result.message);
    });
    return () => {
      live = false;
    };
  }, [identities, reviewAction]);

  const confirm = () =>
    startTransition(async () => {
      const result = await removeAction({ identities });
      if (!result.ok) return setMessage(result.message);
      const parts = [result.data.removed ? `Deleted ${result.data.removed}` : '', result.data.reset ? 'reset global to the defaults' : ''].filter(Boolean);
      onSaved(`${parts.join('; ')}.`);
    });

  const title = onlyGlobal ? 'Reset global to the defaults' : `Delete ${identities.length} polic${identities.length === 1 ? 'y' : 'ies'}`;
  return (
    <Dialog open title={title} onClose={onClose}>
      <p className="mb-3 text-sm text-slate-600">{identities.join(', ')}</p>
      {effect ? (
        <PolicyEffectReview
          effect={effect}
          confirmLabel={onlyGlobal ? 'Confirm reset' : 'Confirm delete'}
          pending={pending}
          error={message}
          onConfirm={confirm}
          onBack={onClose}
        />
      ) : (
        <div className="space-y-3">
          <p aria-live="polite" className="text-sm">
            {message ? (
              <span role="alert" className="text-red-700">
                {message}
              </span>
            ) : (
              'Counting the users concerned…'
            )}
          </p>
          <div className="flex justify-end">
            <button type="button" onClick={onClose} className="rounded border border-slate-300 px-4 py-2">
              Back
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
