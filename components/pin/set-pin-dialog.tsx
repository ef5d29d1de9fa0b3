'use client';
import { useState, useTransition } from 'react';
import { Dialog } from '@/components/ui/dialog';
import type { ActionResult } from '@/lib/actions/result';
import { lockChangeMessage, pinLockedNotice, pinSetMessage } from '@/lib/pin/messages';
import { CopyPinButton } from './copy-pin-button';

export type SetPinTarget = { id: string; displayName: string; isLockedOut: boolean };

type SetPinAction = (
  input: { mode: 'generate'; userId: string } | { mode: 'manual'; userId: string; pin: string },
) => Promise<ActionResult<{ pin: string; user: { displayName: string; upn: string } }>>;
type UnlockAction = (input: { userIds: string[] }) => Promise<ActionResult<{ count: number; user?: { displayName: string; wasLocked: boolean } }>>;

/**
 * The Control Panel "Set PIN" dialog. The new PIN lives only in this component's state: it
 * is shown after "Show PIN" is checked, put into the mailto link, and forgotten on Close.
 * What it did is announced in one live region that is there from the start (a region
 * inserted with its text is often not read). When the server reports a lock the caller's
 * row did not show, `onChanged` runs so the list catches up.
 */
export function SetPinDialog({
  target,
  onClose,
  setPinAction,
  unlockAction,
  onChanged,
}: {
  target: SetPinTarget;
  onClose: () => void;
  setPinAction: SetPinAction;
  unlockAction: UnlockAction;
  onChanged: () => void;
}) {
  const [mode, setMode] = useState<'generate' | 'manual'>('generate');
  const [pin, setPin] = useState('');
  const [locked, setLocked] = useState(target.isLockedOut);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ pin: string; upn: string } | null>(null);
  const [showPin, setShowPin] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [pending, startTransition] = useTransition();

  const submit = () =>
    startTransition(async () => {
      setError(null);
      const response = await setPinAction(mode === 'generate' ? { mode, userId: target.id } : { mode, userId: target.id, pin });
      if (response.ok) {
        setResult({ pin: response.data.pin, upn: response.data.user.upn });
        setAnnouncement(pinSetMessage(target.displayName));
        setPin('');
        onChanged();
      } else {
        if (response.code === 'PIN_LOCKED') {
          setLocked(true);
          // Locked by someone else since the list was loaded: refresh the row that says otherwise.
          if (!target.isLockedOut) onChanged();
        }
        setError(response.message);
      }
    });

  const unlock = () =>
    startTransition(async () => {
      const response = await unlockAction({ userIds: [target.id] });
      if (response.ok) {
        setLocked(false);
        setError(null);
        setAnnouncement(lockChangeMessage('unlock', response.data));
        onChanged();
      } else setError(response.message);
    });

  const mailto = result
    ? `mailto:${encodeURIComponent(result.upn)}?subject=${encodeURIComponent('Your dial-in conferencing PIN')}&body=${encodeURIComponent(
        `Hello ${target.displayName},\n\nYour dial-in conferencing PIN is: ${result.pin}\n\nYou can find the dial-in numbers and change your PIN at ${window.location.origin}/dialin\n`,
      )}`
    : '';

  return (
    <Dialog open title={`Set PIN for ${target.displayName}`} onClose={onClose}>
      <p role="status" className={announcement ? 'mb-4' : 'sr-only'}>
        {announcement}
      </p>
      {result ? (
        <div className="space-y-4">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={showPin} onChange={(e) => setShowPin(e.target.checked)} />
            Show PIN
          </label>
          {showPin && (
            <div className="flex flex-wrap items-center gap-3">
              <p className="font-mono text-2xl tracking-widest" aria-label="New PIN">
                {result.pin}
              </p>
              <CopyPinButton pin={result.pin} />
            </div>
          )}
          <p>
            <a className="text-brand-700 underline" href={mailto}>
              Open my email application to send the new PIN to the user
            </a>
          </p>
          <div className="flex justify-end">
            <button type="button" onClick={onClose} className="rounded bg-brand-600 px-4 py-2 text-white">
              Close
            </button>
          </div>
        </div>
      ) : (
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          {locked && (
            <div className="flex flex-wrap items-center gap-3 rounded border border-amber-300 bg-amber-50 p-3">
              <p>{pinLockedNotice(target.displayName)}</p>
              <button type="button" onClick={unlock} disabled={pending} className="rounded border border-amber-400 bg-white px-3 py-1.5 text-sm">
                Unlock PIN
              </button>
            </div>
          )}
          <fieldset className="space-y-2">
            <legend className="sr-only">How to set the PIN</legend>
            <label className="flex items-center gap-2">
              <input type="radio" name="pin-mode" checked={mode === 'generate'} onChange={() => setMode('generate')} />
              Automatically generate a valid PIN
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="pin-mode" checked={mode === 'manual'} onChange={() => setMode('manual')} />
              Manually enter a specific PIN
            </label>
            <div className="pl-6">
              <label htmlFor="manual-pin" className="block text-sm text-slate-700">
                PIN
              </label>
              <input
                id="manual-pin"
                type="text"
                inputMode="numeric"
                autoComplete="off"
                value={pin}
                disabled={mode !== 'manual'}
                maxLength={64}
                onChange={(e) => setPin(e.target.value)}
                aria-describedby="set-pin-error"
                className="mt-1 w-48 rounded border border-slate-300 px-3 py-2 font-mono disabled:bg-slate-100"
              />
            </div>
          </fieldset>
          <div id="set-pin-error" aria-live="polite" className="text-sm text-red-700">
            {error && <p role="alert">{error}</p>}
          </div>
          <div className="flex justify-end gap-2">
            <button type="button" onClick={onClose} className="rounded border border-slate-300 px-4 py-2">
              Cancel
            </button>
            <button
              type="submit"
              disabled={pending || locked || (mode === 'manual' && pin === '')}
              className="rounded bg-brand-600 px-4 py-2 text-white disabled:opacity-60"
            >
              OK
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
