'use client';
import { BulkJobDialog, type BulkJobActions } from '@/components/jobs/bulk-job-dialog';
import { PinStatusDialog } from '@/components/pin/pin-status-dialog';
import { SetPinDialog, type SetPinTarget } from '@/components/pin/set-pin-dialog';
import type { BulkSelection } from '@/lib/jobs/bulk-request';
import type { BulkKind } from '@/lib/pin/use-cases/bulk';
import * as actions from '@/app/(admin)/users/actions';
import * as bulkActions from '@/app/(admin)/users/bulk-actions';
import { AssignPolicyDialog } from './assign-policy-dialog';
import { OuPresetDialog } from './ou-preset-dialog';

/** The one dialog the Users page shows at a time, if any. */
export type UsersDialog =
  | { kind: 'status' | 'setPin'; user: SetPinTarget }
  | { kind: 'assign'; userIds: string[]; displayName?: string }
  | { kind: 'bulk'; operation: BulkKind; selection: BulkSelection; count: number }
  | { kind: 'ouPreset' }
  | null;

const bulk: BulkJobActions = { preview: bulkActions.previewBulkJobAction, start: bulkActions.startBulkJobAction };

/** Renders `dialog` with the server actions it calls; what follows a dialog is the workspace's. */
export function UsersDialogs({
  dialog,
  grantablePolicies,
  orgUnits,
  onClose,
  onChanged,
  onAssigned,
  onJobStarted,
  onChooseOu,
}: {
  dialog: UsersDialog;
  grantablePolicies: string[];
  orgUnits: string[];
  onClose: () => void;
  /** A PIN changed, or a dialog found a state the results do not show (results refresh). */
  onChanged: () => void;
  /** A policy was assigned; `text` says so. */
  onAssigned: (text: string) => void;
  onJobStarted: (jobId: string) => void;
  /** The "All users in an OU" preset's OU was chosen. */
  onChooseOu: (dn: string) => void;
}) {
  switch (dialog?.kind) {
    case 'status':
      return <PinStatusDialog user={dialog.user} statusAction={actions.pinStatusAction} onClose={onClose} onStale={onChanged} />;
    case 'setPin':
      return (
        <SetPinDialog target={dialog.user} setPinAction={actions.setPinAction} unlockAction={actions.unlockPinAction} onChanged={onChanged} onClose={onClose} />
      );
    case 'bulk':
      return (
        <BulkJobDialog
          kind={dialog.operation}
          selection={dialog.selection}
          count={dialog.count}
          policies={grantablePolicies}
          actions={bulk}
          onClose={onClose}
          onStarted={onJobStarted}
        />
      );
    case 'ouPreset':
      return <OuPresetDialog orgUnits={orgUnits} onClose={onClose} onChoose={onChooseOu} />;
    case 'assign':
      return (
        <AssignPolicyDialog
          userIds={dialog.userIds}
          displayName={dialog.displayName}
          policies={grantablePolicies}
          assignAction={actions.assignPolicyAction}
          onClose={onClose}
          onDone={onAssigned}
        />
      );
    default:
      return null;
  }
}
