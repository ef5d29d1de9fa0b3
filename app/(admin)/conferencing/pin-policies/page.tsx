import type { Metadata } from 'next';
import { requirePagePermission } from '@/lib/auth/session';
import { getPinDeps } from '@/lib/server/pin-deps';

export const metadata: Metadata = { title: 'PIN Policy' };

export default async function PinPoliciesPage() {
  await requirePagePermission('policy.read', '/conferencing/pin-policies');
  const { store } = getPinDeps();
  const policies = await store.listPolicies();
  const governed = await Promise.all(policies.map((p) => store.countUsersGoverned(p.identity)));
  return (
    <section aria-labelledby="policies-heading">
      <h1 id="policies-heading" className="mb-4 text-2xl font-semibold">
        PIN Policy
      </h1>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              {['Identity', 'Scope', 'MinPasswordLength', 'PINHistoryCount', 'PINLifetime', 'AllowCommonPatterns', 'MaximumLogonAttempts', 'Description', 'Users'].map((h) => (
                <th key={h} scope="col" className="px-3 py-2">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {policies.map((p, i) => (
              <tr key={p.identity} className="border-t border-slate-100">
                <td className="px-3 py-2 font-medium">{p.identity}</td>
                <td className="px-3 py-2">{p.scope === 'user' ? 'Per-user' : p.scope === 'site' ? 'Site' : 'Global'}</td>
                <td className="px-3 py-2">{p.minPasswordLength}</td>
                <td className="px-3 py-2">{p.pinHistoryCount}</td>
                <td className="px-3 py-2">{p.pinLifetime}</td>
                <td className="px-3 py-2">{p.allowCommonPatterns ? 'True' : 'False'}</td>
                <td className="px-3 py-2">{p.maximumLogonAttempts ?? 'Not set'}</td>
                <td className="px-3 py-2">{p.description}</td>
                <td className="px-3 py-2">{governed[i].toLocaleString('en-US')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
