'use client';
import { usePathname, useRouter } from 'next/navigation';
import { useState } from 'react';
import * as actions from '@/app/(admin)/conferencing/pin-policies/actions';
import type { PinPolicy } from '@/lib/pin/types';
import { policyFilterToParams, type PolicyFilter } from '@/lib/policies/policy-filter';
import { EditSelectedDialog } from './edit-selected-dialog';
import { PolicyFilterForm } from './policy-filter-form';
import { PolicyFormDialog } from './policy-form-dialog';
import { RemovePoliciesDialog } from './remove-policies-dialog';

export type PolicyRow = PinPolicy & { users: number };
type Dialog =
  | { kind: 'new' }
  | { kind: 'edit'; policy: PinPolicy }
  | { kind: 'editSelected'; identities: string[] }
  | { kind: 'remove'; identities: string[]; onlyGlobal: boolean }
  | null;

const scopeLabel = { global: 'Global', site: 'Site', user: 'Per-user' } as const;

/** The PIN Policy page: table, filter, selection, New / Edit / Delete / Edit selected. */
export function PoliciesWorkspace({
  rows,
  filter,
  sitesWithoutPolicy,
  canEdit,
}: {
  rows: PolicyRow[];
  filter: PolicyFilter;
  sitesWithoutPolicy: string[];
  canEdit: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  const visible = rows.filter((r) => selected.has(r.identity));
  const single = visible.length === 1 ? visible[0] : null;
  const onlyGlobal = visible.length > 0 && visible.every((p) => p.scope === 'global');
  const saved = (text: string) => {
    setDialog(null);
    setNotice({ ok: true, text });
    router.refresh();
  };

  const removed = (text: string) => {
    setSelected(new Set());
    saved(text);
  };

  return (
    <div className="space-y-3">
      <PolicyFilterForm key={policyFilterToParams(filter).toString()} initial={filter} onApply={(f) => router.push(`${pathname}?${policyFilterToParams(f)}`)} />
      {canEdit && (
        <div className="flex flex-wrap items-center gap-2">
          <button type="button" onClick={() => setDialog({ kind: 'new' })} className="rounded bg-brand-600 px-3 py-2 text-sm text-white">
            New
          </button>
          <button
            type="button"
            disabled={!single}
            title={single ? undefined : 'Select exactly one policy.'}
            onClick={() => single && setDialog({ kind: 'edit', policy: single })}
            className="rounded border border-slate-300 bg-white px-3 py-2 text-sm disabled:opacity-50"
          >
            Edit
          </button>
          <button
            type="button"
            disabled={visible.length === 0}
            onClick={() => setDialog({ kind: 'remove', identities: visible.map((p) => p.identity), onlyGlobal })}
            className="rounded border border-slate-300 bg-white px-3 py-2 text-sm disabled:opacity-50"
          >
            {onlyGlobal ? 'Reset to defaults' : 'Delete'}
          </button>
          <button
            type="button"
            disabled={visible.length === 0}
            onClick={() => setDialog({ kind: 'editSelected', identities: visible.map((p) => p.identity) })}
            className="rounded border border-slate-300 bg-white px-3 py-2 text-sm disabled:opacity-50"
          >
            Edit selected
          </button>
        </div>
      )}
      <p aria-live="polite" className={`text-sm ${notice?.ok ? 'text-green-800' : 'text-red-700'}`}>
        {notice?.text}
      </p>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">PIN policies</caption>
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">Selected</span>
              </th>
              {[
                'Identity',
                'Scope',
                'MinPasswordLength',
                'PINHistoryCount',
                'PINLifetime',
                'AllowCommonPatterns',
                'MaximumLogonAttempts',
                'Description',
                'Users',
              ].map((h) => (
                <th key={h} scope="col" className="px-3 py-2">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={10} className="px-3 py-6 text-center text-slate-600">
                  No policy matches the filter.
                </td>
              </tr>
            )}
            {rows.map((p) => (
              <tr key={p.identity} className="border-t border-slate-100">
                <td className="px-3 py-2">
                  <input
                    type="checkbox"
                    aria-label={`Select ${p.identity}`}
                    checked={selected.has(p.identity)}
                    onChange={(e) => setSelected((s) => new Set(e.target.checked ? [...s, p.identity] : [...s].filter((x) => x !== p.identity)))}
                  />
                </td>
                <td className="px-3 py-2 font-medium">{p.identity}</td>
                <td className="px-3 py-2">{scopeLabel[p.scope]}</td>
                <td className="px-3 py-2">{p.minPasswordLength}</td>
                <td className="px-3 py-2">{p.pinHistoryCount}</td>
                <td className="px-3 py-2">{p.pinLifetime}</td>
                <td className="px-3 py-2">{p.allowCommonPatterns ? 'True' : 'False'}</td>
                <td className="px-3 py-2">{p.maximumLogonAttempts ?? 'Not set'}</td>
                <td className="px-3 py-2">{p.description}</td>
                <td className="px-3 py-2">{p.users.toLocaleString('en-US')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {dialog?.kind === 'new' && (
        <PolicyFormDialog
          policy={null}
          sites={sitesWithoutPolicy}
          createAction={actions.createPolicyAction}
          updateAction={actions.updatePolicyAction}
          reviewAction={actions.reviewPolicyCreationAction}
          onClose={() => setDialog(null)}
          onSaved={saved}
        />
      )}
      {dialog?.kind === 'edit' && (
        <PolicyFormDialog
          policy={dialog.policy}
          sites={[]}
          createAction={actions.createPolicyAction}
          updateAction={actions.updatePolicyAction}
          reviewAction={actions.reviewPolicyUpdateAction}
          onClose={() => setDialog(null)}
          onSaved={saved}
        />
      )}
      {dialog?.kind === 'editSelected' && (
        <EditSelectedDialog
          identities={dialog.identities}
          updateManyAction={actions.updatePoliciesAction}
          reviewManyAction={actions.reviewPoliciesUpdateAction}
          onClose={() => setDialog(null)}
          onSaved={saved}
        />
      )}
      {dialog?.kind === 'remove' && (
        <RemovePoliciesDialog
          identities={dialog.identities}
          onlyGlobal={dialog.onlyGlobal}
          reviewAction={actions.reviewPolicyRemovalAction}
          removeAction={actions.removePolicyAction}
          onClose={() => setDialog(null)}
          onSaved={removed}
        />
      )}
    </div>
  );
}
