'use client';
import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import * as actions from '@/app/(admin)/api-tokens/actions';
import { RevokeButton } from '@/components/ui/revoke-button';
import { formatTime } from '@/lib/format/time';

export type ApiTokenRow = {
  id: string;
  name: string;
  tokenPrefix: string;
  ownerName: string;
  mine: boolean;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  status: 'active' | 'expired' | 'revoked';
};

const statusLabel = { active: 'Active', expired: 'Expired', revoked: 'Revoked' } as const;

/** Create a personal API token (its secret shown once), see them, revoke them. */
export function ApiTokensManager({ tokens, showOwner }: { tokens: ApiTokenRow[]; showOwner: boolean }) {
  const router = useRouter();
  const id = useId();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('90');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [pending, startTransition] = useTransition();
  const headers = ['Name', ...(showOwner ? ['Owner'] : []), 'Token', 'Created', 'Expires', 'Last used', 'Status', ''];

  return (
    <div className="space-y-4">
      <form
        noValidate
        className="space-y-3 rounded border border-slate-200 bg-white p-4"
        onSubmit={(event) => {
          event.preventDefault();
          startTransition(async () => {
            const result = await actions.createApiTokenAction({ name, expiresInDays: expires });
            if (!result.ok) {
              setErrors(result.fieldErrors ?? {});
              return setMessage({ ok: false, text: result.message });
            }
            setErrors({});
            setMessage(null);
            setCopied(false);
            setCreated(result.data);
            setName('');
            router.refresh();
          });
        }}
      >
        <h2 className="font-semibold">New API token</h2>
        <div className="flex flex-wrap gap-4">
          <div>
            <label htmlFor={`${id}-name`} className="block text-sm font-medium text-slate-700">
              Token name
            </label>
            <input
              id={`${id}-name`}
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={100}
              aria-describedby={`${id}-name-error`}
              className="mt-1 w-72 rounded border border-slate-300 px-2 py-1.5"
            />
            <p id={`${id}-name-error`} aria-live="polite" className="text-sm text-red-700">
              {errors.name?.join(' ')}
            </p>
          </div>
          <div>
            <label htmlFor={`${id}-expires`} className="block text-sm font-medium text-slate-700">
              Expires
            </label>
            <select
              id={`${id}-expires`}
              value={expires}
              onChange={(e) => setExpires(e.target.value)}
              aria-describedby={`${id}-expires-error`}
              className="mt-1 rounded border border-slate-300 px-2 py-1.5"
            >
              <option value="7">in 7 days</option>
              <option value="30">in 30 days</option>
              <option value="90">in 90 days</option>
              <option value="365">in 1 year</option>
              <option value="never">never</option>
            </select>
            <p id={`${id}-expires-error`} aria-live="polite" className="text-sm text-red-700">
              {errors.expiresInDays?.join(' ')}
            </p>
          </div>
        </div>
        <button type="submit" disabled={pending} className="rounded bg-brand-600 px-4 py-2 text-white disabled:opacity-60">
          Create token
        </button>
        <p aria-live="polite" className={`text-sm ${message?.ok ? 'text-green-800' : 'text-red-700'}`}>
          {message?.text}
        </p>
      </form>
      {created && (
        <div role="status" className="space-y-2 rounded border border-amber-300 bg-amber-50 p-4">
          <p>
            The secret of <strong>{created.name}</strong> is shown only now. Copy it into your script&apos;s configuration (<code>PINDESK_TOKEN</code>); PinDesk
            keeps only a hash of it.
          </p>
          <p className="break-all font-mono" aria-label="New API token">
            {created.secret}
          </p>
          <div className="flex gap-2">
            <button
              type="button"
              onClick={() => {
                navigator.clipboard
                  .writeText(created.secret)
                  .then(() => setCopied(true))
                  .catch(() => setMessage({ ok: false, text: 'The browser did not allow copying: select the token and copy it by hand.' }));
              }}
              className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm"
            >
              {copied ? 'Copied' : 'Copy token'}
            </button>
            <button type="button" onClick={() => setCreated(null)} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm">
              I have copied the token
            </button>
          </div>
        </div>
      )}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">API tokens</caption>
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              {headers.map((h, i) => (
                <th key={i} scope="col" className="px-3 py-2">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tokens.length === 0 && (
              <tr>
                <td colSpan={headers.length} className="px-3 py-6 text-center text-slate-600">
                  No API tokens yet.
                </td>
              </tr>
            )}
            {tokens.map((t) => (
              <tr key={t.id} className="border-t border-slate-100">
                <td className="px-3 py-2 font-medium">{t.name}</td>
                {showOwner && <td className="px-3 py-2">{t.ownerName}</td>}
                <td className="px-3 py-2 font-mono">{t.tokenPrefix}</td>
                <td className="whitespace-nowrap px-3 py-2">{formatTime(t.createdAt)}</td>
                <td className="whitespace-nowrap px-3 py-2">{t.expiresAt ? formatTime(t.expiresAt) : 'Never'}</td>
                <td className="whitespace-nowrap px-3 py-2">{t.lastUsedAt ? formatTime(t.lastUsedAt) : 'Never'}</td>
                <td className="px-3 py-2">{statusLabel[t.status]}</td>
                <td className="px-3 py-2">
                  {t.status !== 'revoked' && (
                    <RevokeButton
                      label={`Revoke ${t.name}${showOwner && !t.mine ? ` of ${t.ownerName}` : ''}`}
                      confirmText={`Revoke the API token "${t.name}"? Scripts using it will be refused from now on.`}
                      disabled={pending}
                      onRevoke={() =>
                        startTransition(async () => {
                          const result = await actions.revokeApiTokenAction({ id: t.id });
                          setMessage(result.ok ? { ok: true, text: `Revoked the API token "${t.name}".` } : { ok: false, text: result.message });
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
