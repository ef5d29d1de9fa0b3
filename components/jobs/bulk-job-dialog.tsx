'use client';
import { useEffect, useId, useState, useTransition } from 'react';
import { AUTOMATIC_POLICY, GrantablePolicySelect } from '@/components/policies/grantable-policy-select';
import { Dialog } from '@/components/ui/dialog';
import type { ActionResult } from '@/lib/actions/result';
import type { BulkSelection } from '@/lib/jobs/bulk-request';
import { whatIfRows } from '@/lib/jobs/whatif-rows';
import { bulkKindLabels, type BulkKind, type ExistingPins } from '@/lib/pin/bulk-kinds';
import type { BulkPlan } from '@/lib/pin/use-cases/bulk';
import { WhatIfTable } from './whatif-table';

type Request = { kind: BulkKind; selection: BulkSelection; options: { unlockLocked: boolean; policy: string | null; existingPins: ExistingPins } };

const existingPinsLabels: Record<ExistingPins, string> = { keep: 'Only users without a PIN', replace: 'Replace existing PINs' };
export type BulkJobActions = {
  preview: (request: Request) => Promise<ActionResult<BulkPlan>>;
  start: (request: Request) => Promise<ActionResult<{ jobId: string; plan: BulkPlan }>>;
};

/**
 * Action on many users: first the WhatIf (what would happen, computed by the server, nothing
 * changed), then Confirm queues the job and opens its progress page.
 */
export function BulkJobDialog({
  kind,
  selection,
  count,
  policies,
  actions,
  onClose,
  onStarted,
}: {
  kind: BulkKind;
  selection: BulkSelection;
  count: number;
  policies: string[];
  actions: BulkJobActions;
  onClose: () => void;
  onStarted: (jobId: string) => void;
}) {
  const [unlockLocked, setUnlockLocked] = useState(false);
  const [policy, setPolicy] = useState(AUTOMATIC_POLICY);
  // Keep by default: a working PIN is replaced only when the administrator says so. (When no
  // selected user has a PIN, both choices do the same.)
  const [existingPins, setExistingPins] = useState<ExistingPins>('keep');
  const existingPinsLabel = useId();
  const [pending, startTransition] = useTransition();
  const request: Request = { kind, selection, options: { unlockLocked, policy: policy === AUTOMATIC_POLICY ? null : policy, existingPins } };
  const requestKey = JSON.stringify(request);
  // The WhatIf's plan and any error belong to the options they were computed for: once an
  // option changes they no longer show, without an effect having to clear them.
  const [outcome, setOutcome] = useState<{ requestKey: string; plan: BulkPlan | null; error: string | null } | null>(null);
  const current = outcome?.requestKey === requestKey ? outcome : null;
  const plan = current?.plan ?? null;
  const error = current?.error ?? null;

  // WhatIf again whenever an option changes: the summary must describe what Confirm does.
  useEffect(() => {
    let latest = true;
    startTransition(async () => {
      const result = await actions.preview(JSON.parse(requestKey));
      if (!latest) return;
      setOutcome(result.ok ? { requestKey, plan: result.data, error: null } : { requestKey, plan: null, error: result.message });
    });
    return () => {
      latest = false;
    };
  }, [requestKey, actions]);

  const confirm = () =>
    startTransition(async () => {
      const result = await actions.start(request);
      if (result.ok) onStarted(result.data.jobId);
      else setOutcome((previous) => ({ requestKey, plan: previous?.requestKey === requestKey ? previous.plan : null, error: result.message }));
    });

  return (
    <Dialog open title={`${bulkKindLabels[kind]} for ${count.toLocaleString('en-US')} users`} onClose={onClose}>
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          confirm();
        }}
      >
        {kind === 'set-pin' && (
          <div role="radiogroup" aria-labelledby={existingPinsLabel} className="space-y-1 text-sm">
            <p id={existingPinsLabel} className="font-medium">
              Existing PINs
            </p>
            {(['keep', 'replace'] as const).map((choice) => (
              <label key={choice} className="flex items-center gap-2">
                <input type="radio" name="existing-pins" value={choice} checked={existingPins === choice} onChange={() => setExistingPins(choice)} />
                {existingPinsLabels[choice]}
              </label>
            ))}
          </div>
        )}
        {kind === 'set-pin' && (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={unlockLocked} onChange={(e) => setUnlockLocked(e.target.checked)} />
            Also unlock locked PINs
          </label>
        )}
        {kind === 'assign-policy' && <GrantablePolicySelect policies={policies} value={policy} onChange={setPolicy} />}
        <section aria-labelledby="whatif-heading" className="rounded border border-slate-200 bg-slate-50 p-3">
          <h3 id="whatif-heading" className="text-sm font-semibold">
            WhatIf
          </h3>
          <p role="status" className="text-sm">
            {plan ? plan.summary : error ? '' : 'Working out what would happen…'}
          </p>
          {plan && <WhatIfTable rows={whatIfRows(plan, existingPins)} />}
          {kind === 'set-pin' && plan && plan.changed > 0 && (
            <p className="mt-1 text-sm text-slate-600">
              The job runs on the server; you can leave the page. At the end you can show the new PINs or download them as CSV, once.
            </p>
          )}
        </section>
        <p aria-live="polite" className="text-sm text-red-700">
          {error}
        </p>
        <div className="flex justify-end gap-2">
          <button type="button" onClick={onClose} className="rounded border border-slate-300 px-4 py-2">
            Cancel
          </button>
          <button type="submit" disabled={pending || !plan || plan.changed === 0} className="rounded bg-brand-600 px-4 py-2 text-white disabled:opacity-60">
            Confirm
          </button>
        </div>
      </form>
    </Dialog>
  );
}
