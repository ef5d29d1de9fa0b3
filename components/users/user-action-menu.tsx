'use client';
import type { SetPinTarget } from '@/components/pin/set-pin-dialog';
import { MenuButton, type MenuItem } from '@/components/ui/menu-button';
import type { BulkSelection } from '@/lib/jobs/bulk-request';
import type { BulkKind } from '@/lib/pin/use-cases/bulk';
import type { UsersDialog } from './users-dialogs';

export type UserActionPermissions = { setPin: boolean; lock: boolean; grant: boolean };

/**
 * The one Action menu, on the Users page and on a user's page: what the role may do to the
 * selected users. One user opens the single-user flows; several open a bulk job (WhatIf, then
 * Confirm). Items that need a different selection stay listed, disabled, with the reason as
 * their hint. A user's page passes its one user as the selection and no bulk selection.
 */
export function UserActionMenu({
  permissions,
  selectedIds,
  rows,
  bulkSelection,
  onOpen,
  onLock,
}: {
  permissions: UserActionPermissions;
  selectedIds: string[];
  /** The users on this page, to find the one selected. */
  rows: SetPinTarget[];
  /** What a bulk job acts on; only where several users can be selected. */
  bulkSelection?: BulkSelection;
  onOpen: (dialog: UsersDialog) => void;
  /** Locks or unlocks the one selected user's PIN at once (no dialog). */
  onLock: (change: 'lock' | 'unlock') => void;
}) {
  const single = selectedIds.length === 1 ? rows.find((r) => r.id === selectedIds[0]) : undefined;
  const needOne = single ? undefined : 'Select exactly one user on this page.';
  const needAny = selectedIds.length ? undefined : 'Select one or more users.';
  const many = selectedIds.length > 1 && bulkSelection !== undefined;
  const openBulk = (operation: BulkKind) => bulkSelection && onOpen({ kind: 'bulk', operation, selection: bulkSelection, count: selectedIds.length });

  const items: MenuItem[] = [
    { label: 'View PIN status', disabled: !!needOne, hint: needOne, onSelect: () => single && onOpen({ kind: 'status', user: single }) },
    ...(permissions.setPin
      ? [
          many
            ? { label: 'Set PIN', onSelect: () => openBulk('set-pin') }
            : { label: 'Set PIN', disabled: !!needOne, hint: needOne ?? undefined, onSelect: () => single && onOpen({ kind: 'setPin', user: single }) },
        ]
      : []),
    ...(permissions.lock
      ? [
          { label: 'Lock PIN', disabled: !!needAny, hint: needAny, onSelect: () => (many ? openBulk('lock') : onLock('lock')) },
          { label: 'Unlock PIN', disabled: !!needAny, hint: needAny, onSelect: () => (many ? openBulk('unlock') : onLock('unlock')) },
        ]
      : []),
    ...(permissions.grant
      ? [
          {
            label: 'Assign policy',
            disabled: !!needAny,
            hint: needAny,
            onSelect: () => (many ? openBulk('assign-policy') : onOpen({ kind: 'assign', userIds: selectedIds, displayName: single?.displayName })),
          },
        ]
      : []),
  ];

  return <MenuButton label="Action" items={items} />;
}
