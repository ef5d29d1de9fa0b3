'use client';
import { useState, useTransition } from 'react';
import type { ActionResult } from '@/lib/actions/result';

type Outcome = { result: 'accepted'; user: string } | { result: 'rejected'; reason: string; user: string | null; lockTriggered: string | null };
type Action = (input: { identity: string; pin: string }) => Promise<ActionResult<Outcome>>;

const reasons: Record<string, string> = {
  'unknown-identity': 'no user has this extension or number',
  'ambiguous-identity': 'several users match this extension or number',
  'user-disabled': 'the user account is disabled',
  'pin-not-set': 'the user has no PIN',
  'pin-expired': 'the PIN has expired (PINLifetime)',
  'wrong-pin': 'wrong PIN',
  'locked-temporary': 'the PIN is temporarily locked out after too many failures',
  'locked-system': 'the PIN is locked after reaching the global failure limit; an administrator must unlock it',
  'locked-admin': 'the PIN was locked by an administrator',
};

const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/**
 * A phone keypad, as a caller would use it: extension then #, PIN then #. The attempt is
 * real: it is audited and counts toward the user's lockout.
 */
export function DialInKeypad({ action }: { action: Action }) {
  const [field, setField] = useState<'identity' | 'pin'>('identity');
  const [identity, setIdentity] = useState('');
  const [pin, setPin] = useState('');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const submit = () =>
    startTransition(async () => {
      const response = await action({ identity, pin });
      if (!response.ok) return setOutcome({ ok: false, text: response.message });
      const r = response.data;
      setOutcome(
        r.result === 'accepted'
          ? { ok: true, text: `Accepted: ${r.user} joins the conference.` }
          : {
              ok: false,
              text: `Rejected${r.user ? ` (${r.user})` : ''}: ${reasons[r.reason] ?? r.reason}${r.lockTriggered ? `; this attempt started a ${r.lockTriggered} lock` : ''}.`,
            },
      );
      setPin('');
      setField('identity');
    });

  const press = (key: string) => {
    if (key === '#') {
      if (field === 'identity') setField('pin');
      else submit();
      return;
    }
    if (key === '*') {
      // As on a bridge: * starts the current entry again.
      if (field === 'identity') setIdentity('');
      else setPin('');
      return;
    }
    if (field === 'identity') setIdentity((v) => (v + key).slice(0, 32));
    else setPin((v) => (v + key).slice(0, 24));
  };

  return (
    <div className="max-w-xs space-y-3">
      <div className="space-y-2">
        <label className="block">
          <span className="text-sm text-slate-700">Extension or phone number</span>
          <input
            value={identity}
            onFocus={() => setField('identity')}
            onChange={(e) => setIdentity(e.target.value)}
            maxLength={64}
            className={`mt-1 w-full rounded border px-3 py-2 font-mono ${field === 'identity' ? 'border-brand-600' : 'border-slate-300'}`}
          />
        </label>
        <label className="block">
          <span className="text-sm text-slate-700">PIN</span>
          <input
            value={pin}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            onFocus={() => setField('pin')}
            onChange={(e) => setPin(e.target.value)}
            maxLength={24}
            className={`mt-1 w-full rounded border px-3 py-2 font-mono ${field === 'pin' ? 'border-brand-600' : 'border-slate-300'}`}
          />
        </label>
      </div>
      <div className="grid grid-cols-3 gap-2" role="group" aria-label="Keypad">
        {keys.map((key) => (
          <button
            key={key}
            type="button"
            onClick={() => press(key)}
            disabled={pending}
            aria-label={key === '#' ? 'Pound' : key === '*' ? 'Star' : key}
            className="rounded-full border border-slate-300 bg-white py-3 text-xl font-semibold hover:bg-slate-100"
          >
            {key}
          </button>
        ))}
      </div>
      <button
        type="button"
        onClick={submit}
        disabled={pending || !identity || !pin}
        className="w-full rounded bg-brand-600 px-4 py-2 text-white disabled:opacity-60"
      >
        Check PIN
      </button>
      <p aria-live="polite" role="status" className={`text-sm ${outcome?.ok ? 'text-green-800' : 'text-red-700'}`}>
        {pending ? 'Checking…' : outcome?.text}
      </p>
    </div>
  );
}
