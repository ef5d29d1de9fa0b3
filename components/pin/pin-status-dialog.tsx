'use client';
import { useEffect, useState } from 'react';
import { Dialog } from '@/components/ui/dialog';
import type { ActionResult } from '@/lib/actions/result';
import type { PinInfo } from '@/lib/pin/status';
import { PinStatusList } from './pin-status-list';

type StatusAction = (input: { userId: string }) => Promise<ActionResult<PinInfo>>;

/** Action → View PIN status: Get-CsClientPinInfo and more, with the effective policy. */
export function PinStatusDialog({
  user,
  onClose,
  statusAction,
}: {
  user: { id: string; displayName: string };
  onClose: () => void;
  statusAction: StatusAction;
}) {
  const [state, setState] = useState<{ info?: PinInfo; error?: string }>({});
  useEffect(() => {
    let live = true;
    statusAction({ userId: user.id }).then((r) => live && setState(r.ok ? { info: r.data } : { error: r.message }));
    return () => {
      live = false;
    };
  }, [user.id, statusAction]);
  return (
    <Dialog open title={`PIN status of ${user.displayName}`} onClose={onClose}>
      <div aria-live="polite">
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
