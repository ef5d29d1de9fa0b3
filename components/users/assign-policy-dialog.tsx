'use client';
import { useState, useTransition } from 'react';
import { AUTOMATIC_POLICY, GrantablePolicySelect } from '@/components/policies/grantable-policy-select';
import { Dialog } from '@/components/ui/dialog';
import { DialogFooter } from '@/components/ui/dialog-footer';
import type { ActionResult } from '@/lib/actions/result';

type AssignAction = (input: { userIds: string[]; policy: string | null }) => Promise<ActionResult<{ granted: number }>>;

/** Action → Assign policy (Grant-CsPinPolicy) for the selected users. */
export function AssignPolicyDialog({
  userIds,
  policies,
  onClose,
  assignAction,
  onDone,
}: {
  userIds: string[];
  policies: string[];
  onClose: () => void;
  assignAction: AssignAction;
  onDone: (message: string) => void;
}) {
  const [policy, setPolicy] = useState(AUTOMATIC_POLICY);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <Dialog open title={`Assign PIN policy to ${userIds.length.toLocaleString('en-US')} user${userIds.length === 1 ? '' : 's'}`} onClose={onClose}>
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          startTransition(async () => {
            const result = await assignAction({ userIds, policy: policy === AUTOMATIC_POLICY ? null : policy });
            if (!result.ok) return setError(result.message);
            onDone(`Assigned ${policy} to ${result.data.granted.toLocaleString('en-US')} user${result.data.granted === 1 ? '' : 's'}.`);
          });
        }}
      >
        <GrantablePolicySelect policies={policies} value={policy} onChange={setPolicy} />
        <p aria-live="polite" className="text-sm text-red-700">
          {error}
        </p>
        <DialogFooter submitLabel="OK" pending={pending} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
