'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { PinStatusDialog } from '@/components/pin/pin-status-dialog';
import { SetPinDialog } from '@/components/pin/set-pin-dialog';
import { MenuButton, type MenuItem } from '@/components/ui/menu-button';
import { lockChangeMessage } from '@/lib/pin/messages';
import * as actions from '@/app/(admin)/users/actions';
import { AssignPolicyDialog } from './assign-policy-dialog';
import type { UserActionPermissions } from './user-action-menu';

type Dialog = 'setPin' | 'status' | 'assign' | null;

/**
 * A user's page has the Users page's Action menu for that one user (Set PIN, Lock PIN,
 * Unlock PIN, Assign policy, View PIN status), with the same dialogs and the same role
 * permissions: the agent acts where they are. Every change re-renders the page's PIN status
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

  const items: MenuItem[] = [
    ...(permissions.setPin ? [{ label: 'Set PIN', onSelect: () => setDialog('setPin') }] : []),
    ...(permissions.lock
      ? [
          { label: 'Lock PIN', onSelect: () => runLock('lock') },
          { label: 'Unlock PIN', onSelect: () => runLock('unlock') },
        ]
      : []),
    ...(permissions.grant ? [{ label: 'Assign policy', onSelect: () => setDialog('assign') }] : []),
    { label: 'View PIN status', onSelect: () => setDialog('status') },
  ];

  const close = () => setDialog(null);
  return (
    <div className="flex flex-wrap items-center gap-3">
      <MenuButton label="Action" items={items} />
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
