'use client';
import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import type { ActionResult } from '@/lib/actions/result';
import { formatTime } from '@/lib/format/time';

type Action = (input: { pin: string; confirmPin: string }) => Promise<ActionResult<{ expiresAt: number | null }>>;

/**
 * New PIN + Confirm new PIN + Set PIN; refusals name the rule, success says when it expires.
 * `requirementsId` names the element that lists the policy's rules: the New PIN field is
 * described by it, so a screen reader hears the rules before the submit button, while on a
 * phone the list can stay below the form, which must fit the first screen.
 */
export function SetOwnPinForm({ action, disabled, requirementsId }: { action: Action; disabled: boolean; requirementsId?: string }) {
  const id = useId();
  const router = useRouter();
  const [pin, setPin] = useState('');
  const [confirmPin, setConfirmPin] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      noValidate
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await action({ pin, confirmPin });
          if (!result.ok) return setMessage({ ok: false, text: result.message });
          setPin('');
          setConfirmPin('');
          setMessage({
            ok: true,
            text: `Your new PIN is set.${result.data.expiresAt ? ` It expires on ${formatTime(result.data.expiresAt)}.` : ' It does not expire.'}`,
          });
          router.refresh();
        });
      }}
    >
      <div>
        <label htmlFor={`${id}-pin`} className="block text-sm font-medium text-slate-700">
          New PIN
        </label>
        <input
          id={`${id}-pin`}
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          maxLength={24}
          value={pin}
          disabled={disabled}
          onChange={(e) => setPin(e.target.value)}
          aria-describedby={requirementsId ? `${requirementsId} ${id}-message` : `${id}-message`}
          className="mt-1 w-full max-w-xs rounded border border-slate-300 px-3 py-2 font-mono"
        />
      </div>
      <div>
        <label htmlFor={`${id}-confirm`} className="block text-sm font-medium text-slate-700">
          Confirm new PIN
        </label>
        <input
          id={`${id}-confirm`}
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          maxLength={24}
          value={confirmPin}
          disabled={disabled}
          onChange={(e) => setConfirmPin(e.target.value)}
          aria-describedby={`${id}-message`}
          className="mt-1 w-full max-w-xs rounded border border-slate-300 px-3 py-2 font-mono"
        />
      </div>
      <div id={`${id}-message`} aria-live="polite" className={`text-sm ${message?.ok ? 'text-green-800' : 'text-red-700'}`}>
        {message && <p role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
      </div>
      <button
        type="submit"
        disabled={pending || disabled}
        className="w-full max-w-xs rounded bg-brand-600 px-4 py-2 font-medium text-white disabled:opacity-60 sm:w-auto"
      >
        Set PIN
      </button>
    </form>
  );
}
