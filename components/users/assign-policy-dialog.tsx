'use client';
import { useState, useTransition } from 'react';
import { AUTOMATIC_POLICY, GrantablePolicySelect } from '@/components/policies/grantable-policy-select';
import { Dialog } from '@/components/ui/dialog';
import { DialogFooter } from '@/components/ui/dialog-footer';
import type { ActionResult } from '@/lib/actions/result';
import { countUsers, policyAssignedMessage } from '@/lib/pin/messages';

type AssignAction = (input: { userIds: string[]; policy: string | null }) => Promise<ActionResult<{ granted: number }>>;

/** Action → Assign policy (Grant-CsPinPolicy) for the selected users; one user is named in the title and the result. */
export function AssignPolicyDialog({
  userIds,
  displayName,
  policies,
  onClose,
  assignAction,
  onDone,
}: {
  userIds: string[];
  /** The one user's name, when there is one. */
  displayName?: string;
  policies: string[];
  onClose: () => void;
  assignAction: AssignAction;
  onDone: (message: string) => void;
}) {
  const [policy, setPolicy] = useState(AUTOMATIC_POLICY);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <Dialog open title={`Assign PIN policy to ${displayName ?? countUsers(userIds.length)}`} onClose={onClose}>
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          startTransition(async () => {
            const result = await assignAction({ userIds, policy: policy === AUTOMATIC_POLICY ? null : policy });
            if (!result.ok) return setError(result.message);
            onDone(policyAssignedMessage(policy, displayName && result.data.granted === 1 ? { displayName } : { count: result.data.granted }));
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
