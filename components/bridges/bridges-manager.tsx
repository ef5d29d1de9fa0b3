'use client';
import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import * as actions from '@/app/(admin)/bridges/actions';
import { RevokeButton } from '@/components/ui/revoke-button';
import type { BridgeView } from '@/lib/bridges/bridges-service';
import { formatTime } from '@/lib/format/time';

/** Issue a bridge key (shown once), revoke keys, see when each was last used. */
export function BridgesManager({ bridges }: { bridges: BridgeView[] }) {
  const router = useRouter();
  const id = useId();
  const [name, setName] = useState('');
  const [sources, setSources] = useState('');
  const [rate, setRate] = useState('600');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [issued, setIssued] = useState<{ name: string; key: string } | null>(null);
  const [pending, startTransition] = useTransition();

  return (
    <div className="space-y-4">
      <form
        noValidate
        className="space-y-3 rounded border border-slate-200 bg-white p-4"
        onSubmit={(event) => {
          event.preventDefault();
          startTransition(async () => {
            const result = await actions.createBridgeAction({ name, allowedSources: sources, ratePerMinute: rate });
            if (!result.ok) {
              setErrors(result.fieldErrors ?? {});
              return setMessage({ ok: false, text: result.message });
            }
            setErrors({});
            setMessage(null);
            setIssued(result.data);
            setName('');
            setSources('');
            router.refresh();
          });
        }}
      >
        <h2 className="font-semibold">New bridge key</h2>
        <div className="flex flex-wrap gap-4">
          <div>
            <label htmlFor={`${id}-name`} className="block text-sm font-medium text-slate-700">
              Bridge name
            </label>
            <input
              id={`${id}-name`}
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={100}
              aria-describedby={`${id}-name-error`}
              className="mt-1 rounded border border-slate-300 px-2 py-1.5"
            />
            <p id={`${id}-name-error`} aria-live="polite" className="text-sm text-red-700">
              {errors.name?.join(' ')}
            </p>
          </div>
          <div>
            <label htmlFor={`${id}-sources`} className="block text-sm font-medium text-slate-700">
              Allowed source addresses
            </label>
            <input
              id={`${id}-sources`}
              value={sources}
              onChange={(e) => setSources(e.target.value)}
              placeholder="any; or 10.0.0.5, 10.1.0.0/24"
              aria-describedby={`${id}-sources-error`}
              className="mt-1 w-72 rounded border border-slate-300 px-2 py-1.5"
            />
            <p id={`${id}-sources-error`} aria-live="polite" className="text-sm text-red-700">
              {errors.allowedSources?.join(' ')}
            </p>
          </div>
          <div>
            <label htmlFor={`${id}-rate`} className="block text-sm font-medium text-slate-700">
              Requests per minute
            </label>
            <input
              id={`${id}-rate`}
              type="number"
              min={1}
              max={100000}
              value={rate}
              onChange={(e) => setRate(e.target.value)}
              aria-describedby={`${id}-rate-error`}
              className="mt-1 w-32 rounded border border-slate-300 px-2 py-1.5"
            />
            <p id={`${id}-rate-error`} aria-live="polite" className="text-sm text-red-700">
              {errors.ratePerMinute?.join(' ')}
            </p>
          </div>
        </div>
        <button type="submit" disabled={pending} className="rounded bg-brand-600 px-4 py-2 text-white disabled:opacity-60">
          Issue key
        </button>
        <p aria-live="polite" className={`text-sm ${message?.ok ? 'text-green-800' : 'text-red-700'}`}>
          {message?.text}
        </p>
      </form>
      {issued && (
        <div role="status" className="space-y-2 rounded border border-amber-300 bg-amber-50 p-4">
          <p>
            The key of <strong>{issued.name}</strong> is shown only now. Copy it into the bridge&apos;s configuration; PinDesk keeps only a hash of it.
          </p>
          <p className="break-all font-mono" aria-label="New bridge key">
            {issued.key}
          </p>
          <button type="button" onClick={() => setIssued(null)} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm">
            I have copied the key
          </button>
        </div>
      )}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Bridge keys</caption>
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              {['Bridge', 'Key', 'Allowed sources', 'Rate / min', 'Issued', 'Last used', 'Status', ''].map((h, i) => (
                <th key={i} scope="col" className="px-3 py-2">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {bridges.length === 0 && (
              <tr>
                <td colSpan={8} className="px-3 py-6 text-center text-slate-600">
                  No bridge keys have been issued.
                </td>
              </tr>
            )}
            {bridges.map((b) => (
              <tr key={b.id} className="border-t border-slate-100">
                <td className="px-3 py-2 font-medium">{b.name}</td>
                <td className="px-3 py-2 font-mono">{b.keyPrefix}</td>
                <td className="px-3 py-2">{b.allowedSources.length ? b.allowedSources.join(', ') : 'Any'}</td>
                <td className="px-3 py-2">{b.ratePerMinute.toLocaleString('en-US')}</td>
                <td className="whitespace-nowrap px-3 py-2">
                  {formatTime(new Date(b.createdAt).getTime())} by {b.createdBy || '—'}
                </td>
                <td className="whitespace-nowrap px-3 py-2">{b.lastUsedAt ? formatTime(new Date(b.lastUsedAt).getTime()) : 'Never'}</td>
                <td className="px-3 py-2">{b.revokedAt ? 'Revoked' : 'Active'}</td>
                <td className="px-3 py-2">
                  {!b.revokedAt && (
                    <RevokeButton
                      label={`Revoke ${b.name}`}
                      confirmText={`Revoke the key of ${b.name}? The bridge will be refused from now on.`}
                      disabled={pending}
                      onRevoke={() =>
                        startTransition(async () => {
                          const result = await actions.revokeBridgeAction({ id: b.id });
                          setMessage(result.ok ? { ok: true, text: `Revoked the key of ${b.name}.` } : { ok: false, text: result.message });
                          router.refresh();
                        })
                      }
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
