'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { PinStatusDialog } from '@/components/pin/pin-status-dialog';
import { SetPinDialog } from '@/components/pin/set-pin-dialog';
import { lockChangeMessage } from '@/lib/pin/messages';
import * as actions from '@/app/(admin)/users/actions';
import { AssignPolicyDialog } from './assign-policy-dialog';
import { UserActionMenu, type UserActionPermissions } from './user-action-menu';
import type { UsersDialog } from './users-dialogs';

type Dialog = 'setPin' | 'status' | 'assign' | null;

/**
 * A user's page has the Users page's Action menu (the same component, so the same items in
 * the same order) for that one user, with the same dialogs and the same role permissions: the
 * agent acts where they are. Lock PIN and Unlock PIN both stay offered: the page's state may
 * be stale (another agent, a lockout) and the result message says what the change met. Every change re-renders the page's PIN status
 * (router.refresh), and its outcome is announced in the status line beside the menu.
 */
export function UserPageActions({
  user,
  permissions,
  grantablePolicies,
}: {
  user: { id: string; displayName: string; isLockedOut: boolean; isPinSet: boolean };
  permissions: UserActionPermissions;
  grantablePolicies: string[];
}) {
  const router = useRouter();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const refresh = () => router.refresh();

  const runLock = (change: 'lock' | 'unlock') =>
    startTransition(async () => {
      const response = await (change === 'lock' ? actions.lockPinAction : actions.unlockPinAction)({ userIds: [user.id] });
      setNotice(response.ok ? { ok: true, text: lockChangeMessage(change, response.data) } : { ok: false, text: response.message });
      if (response.ok) refresh();
    });

  // The menu speaks the Users page's dialogs; this page has its own three for one user.
  const open = (next: UsersDialog) => {
    if (next?.kind === 'setPin' || next?.kind === 'status' || next?.kind === 'assign') setDialog(next.kind);
  };

  const close = () => setDialog(null);
  return (
    <div className="flex flex-wrap items-center gap-3">
      <UserActionMenu permissions={permissions} selectedIds={[user.id]} rows={[user]} onOpen={open} onLock={runLock} />
      <p role="status" className={`text-sm ${notice?.ok === false ? 'text-red-700' : 'text-green-800'}`}>
        {pending ? 'Working…' : notice?.text}
      </p>
      {dialog === 'setPin' && (
        <SetPinDialog target={user} setPinAction={actions.setPinAction} unlockAction={actions.unlockPinAction} onChanged={refresh} onClose={close} />
      )}
      {dialog === 'status' && <PinStatusDialog user={user} statusAction={actions.pinStatusAction} onClose={close} onStale={refresh} />}
      {dialog === 'assign' && (
        <AssignPolicyDialog
          userIds={[user.id]}
          displayName={user.displayName}
          policies={grantablePolicies}
          assignAction={actions.assignPolicyAction}
          onClose={close}
          onDone={(text) => {
            close();
            setNotice({ ok: true, text });
            refresh();
          }}
        />
      )}
    </div>
  );
}
