'use client';
import { useEffect, useRef } from 'react';

/**
 * The review step of a policy edit or delete: what the change does to the users it governs,
 * then Confirm or Back. Nothing is saved until Confirm; Back returns to the form unchanged.
 */
export function PolicyEffectReview({
  effect,
  confirmLabel,
  pending,
  error,
  onConfirm,
  onBack,
}: {
  effect: string[];
  confirmLabel: string;
  pending: boolean;
  error: string | null;
  onConfirm: () => void;
  onBack: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The form's fields are gone: put focus on the summary so a screen reader reads it next.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="policy-effect-heading" className="space-y-3">
      <h3 id="policy-effect-heading" ref={heading} tabIndex={-1} className="font-semibold outline-none">
        What this changes
      </h3>
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-800" aria-label="Effect of the change">
        {effect.map((sentence) => (
          <li key={sentence}>{sentence}</li>
        ))}
      </ul>
      <p aria-live="polite" className="text-sm text-red-700">
        {error && <span role="alert">{error}</span>}
      </p>
      <div className="flex justify-end gap-2">
        <button type="button" onClick={onBack} className="rounded border border-slate-300 px-4 py-2">
          Back
        </button>
        <button type="button" disabled={pending} onClick={onConfirm} className="rounded bg-brand-600 px-4 py-2 text-white disabled:opacity-60">
          {confirmLabel}
        </button>
      </div>
    </section>
  );
}
