'use client';
import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import * as actions from '@/app/(admin)/administrators/actions';
import { formatTime } from '@/lib/format/time';

export type RoleRow = {
  userId: string;
  displayName: string;
  upn: string;
  enabled: boolean;
  role: string;
  origin: 'direct' | 'group' | 'claim';
  via: string;
  since: number;
};

function fromText(row: RoleRow): string {
  if (row.origin === 'direct') return 'Direct grant';
  return `${row.origin === 'group' ? 'Directory group' : 'Sign-in claim'}: ${row.via}`;
}

/** "Grant role" to a user by name, and the role holders with "Revoke role" on direct grants. */
export function AdministratorsManager({ rows, roles }: { rows: RoleRow[]; roles: string[] }) {
  const router = useRouter();
  const id = useId();
  const [identity, setIdentity] = useState('');
  const [role, setRole] = useState(roles[0]);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  return (
    <div className="space-y-4">
      <form
        noValidate
        aria-labelledby={`${id}-grant-heading`}
        className="space-y-3 rounded border border-slate-200 bg-white p-4"
        onSubmit={(event) => {
          event.preventDefault();
          startTransition(async () => {
            const result = await actions.grantRoleAction({ identity, role });
            if (!result.ok) {
              setErrors(result.fieldErrors ?? {});
              return setMessage({ ok: false, text: result.message });
            }
            setErrors({});
            setIdentity('');
            setMessage({
              ok: true,
              text: result.data.changed
                ? `Granted ${result.data.role} to ${result.data.displayName}.`
                : `${result.data.displayName} already had ${result.data.role} by direct grant.`,
            });
            router.refresh();
          });
        }}
      >
        <h2 id={`${id}-grant-heading`} className="font-semibold">
          Grant a role
        </h2>
        <div className="flex flex-wrap items-start gap-4">
          <div className="min-w-0 flex-1 sm:flex-none">
            <label htmlFor={`${id}-identity`} className="block text-sm font-medium text-slate-700">
              User
            </label>
            <input
              id={`${id}-identity`}
              value={identity}
              onChange={(e) => setIdentity(e.target.value)}
              maxLength={512}
              autoCapitalize="none"
              spellCheck={false}
              placeholder="UPN, SIP address or domain\logon"
              aria-invalid={errors.identity ? true : undefined}
              aria-describedby={`${id}-identity-error`}
              className="mt-1 w-full rounded border border-slate-300 px-2 py-1.5 sm:w-80"
            />
            <p id={`${id}-identity-error`} aria-live="polite" className="text-sm text-red-700">
              {errors.identity?.join(' ')}
            </p>
          </div>
          <div>
            <label htmlFor={`${id}-role`} className="block text-sm font-medium text-slate-700">
              Role
            </label>
            <select
              id={`${id}-role`}
              value={role}
              onChange={(e) => setRole(e.target.value)}
              aria-describedby={`${id}-role-error`}
              className="mt-1 rounded border border-slate-300 px-2 py-1.5"
            >
              {roles.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
            <p id={`${id}-role-error`} aria-live="polite" className="text-sm text-red-700">
              {errors.role?.join(' ')}
            </p>
          </div>
        </div>
        <button type="submit" disabled={pending} className="rounded bg-brand-600 px-4 py-2 text-white disabled:opacity-60">
          Grant role
        </button>
      </form>
      <p role={message?.ok === false ? 'alert' : 'status'} aria-live="polite" className={`min-h-5 text-sm ${message?.ok ? 'text-green-800' : 'text-red-700'}`}>
        {message?.text}
      </p>
      {/* relative: the sr-only header is positioned absolutely; it must not widen the page on a phone. */}
      <div className="relative overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Role holders</caption>
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2">
                User
              </th>
              <th scope="col" className="px-3 py-2">
                Role
              </th>
              <th scope="col" className="px-3 py-2">
                From
              </th>
              <th scope="col" className="px-3 py-2">
                Since
              </th>
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={5} className="px-3 py-6 text-center text-slate-600">
                  Nobody holds a role.
                </td>
              </tr>
            )}
            {rows.map((row) => (
              <tr key={`${row.userId}-${row.role}-${row.origin}`} className="border-t border-slate-100">
                <td className="px-3 py-2">
                  <span className="font-medium">{row.displayName}</span>
                  <span className="block break-all text-xs text-slate-600">{row.upn}</span>
                  {!row.enabled && <span className="block text-xs text-amber-800">Disabled: cannot sign in</span>}
                </td>
                <td className="px-3 py-2">{row.role}</td>
                <td className="break-words px-3 py-2">{fromText(row)}</td>
                <td className="whitespace-nowrap px-3 py-2">{formatTime(row.since)}</td>
                <td className="px-3 py-2">
                  {row.origin === 'direct' && (
                    <button
                      type="button"
                      disabled={pending}
                      onClick={() => {
                        if (!window.confirm(`Revoke ${row.role} from ${row.displayName}? They lose it with their next request.`)) return;
                        startTransition(async () => {
                          const result = await actions.revokeRoleAction({ userId: row.userId, role: row.role });
                          setMessage(result.ok ? { ok: true, text: `Revoked ${row.role} from ${row.displayName}.` } : { ok: false, text: result.message });
                          router.refresh();
                        });
                      }}
                      className="whitespace-nowrap rounded border border-slate-300 px-2 py-1"
                    >
                      Revoke role
                    </button>
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
