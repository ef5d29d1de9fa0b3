'use client';
import { useEffect, useState } from 'react';
import { Dialog } from '@/components/ui/dialog';
import type { ActionResult } from '@/lib/actions/result';
import type { PinInfo } from '@/lib/pin/status';
import { PinStatusList } from './pin-status-list';

type StatusAction = (input: { userId: string }) => Promise<ActionResult<PinInfo>>;

/**
 * Action → View PIN status: Get-CsClientPinInfo and more, with the effective policy. When
 * the status read differs from what the caller shows (`user.isLockedOut` / `isPinSet`, e.g. a
 * lock made by someone else), `onStale` runs so the list refreshes that row.
 */
export function PinStatusDialog({
  user,
  onClose,
  statusAction,
  onStale,
}: {
  user: { id: string; displayName: string; isLockedOut?: boolean; isPinSet?: boolean };
  onClose: () => void;
  statusAction: StatusAction;
  onStale?: () => void;
}) {
  const [state, setState] = useState<{ info?: PinInfo; error?: string }>({});
  const { id, isLockedOut, isPinSet } = user;
  useEffect(() => {
    let live = true;
    statusAction({ userId: id }).then((r) => {
      if (!live) return;
      setState(r.ok ? { info: r.data } : { error: r.message });
      const stale = r.ok && ((isLockedOut !== undefined && r.data.isLockedOut !== isLockedOut) || (isPinSet !== undefined && r.data.isPinSet !== isPinSet));
      if (stale) onStale?.();
    });
    return () => {
      live = false;
    };
    // Read once per user: onStale and the shown state may change identity on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, statusAction]);
  return (
    <Dialog open title={`PIN status of ${user.displayName}`} onClose={onClose}>
      <div role="status" aria-live="polite">
        {state.info ? (
          <PinStatusList info={state.info} />
        ) : state.error ? (
          <p role="alert" className="text-red-700">
            {state.error}
          </p>
        ) : (
          <p>Loading…</p>
        )}
      </div>
      <div className="mt-4 flex justify-end">
        <button type="button" onClick={onClose} className="rounded bg-brand-600 px-4 py-2 text-white">
          Close
        </button>
      </div>
    </Dialog>
  );
}
