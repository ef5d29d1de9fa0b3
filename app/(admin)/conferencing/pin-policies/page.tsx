import type { Metadata } from 'next';
import { toUrlSearchParams } from '@/lib/validation/search-params';
import { PoliciesWorkspace } from '@/components/policies/policies-workspace';
import { requirePagePermission } from '@/lib/auth/session';
import { filterPolicies, parsePolicyFilter } from '@/lib/policies/policy-filter';
import { getPinDeps } from '@/lib/server/pin-deps';
import { listSiteNames } from '@/lib/users/users-service';

export const metadata: Metadata = { title: 'PIN Policy' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PinPoliciesPage({ searchParams }: Props) {
  const raw = await searchParams;
  const params = toUrlSearchParams(raw);
  const user = await requirePagePermission('policy.read', `/conferencing/pin-policies?${params}`);
  const { store } = getPinDeps();
  const { filter, problems } = parsePolicyFilter(params);
  const all = await store.listPolicies();
  const policies = filterPolicies(all, filter);
  const users = await Promise.all(policies.map((p) => store.countUsersGoverned(p.identity)));
  const sites = await listSiteNames();
  const withPolicy = new Set(all.filter((p) => p.scope === 'site').map((p) => p.identity.slice(5)));
  return (
    <section aria-labelledby="policies-heading" className="space-y-3">
      <h1 id="policies-heading" className="text-2xl font-semibold">
        PIN Policy
      </h1>
      <p className="text-sm text-slate-600">
        A user is governed by the per-user policy granted to them, else their site&apos;s policy, else global. Changes apply at once to PIN validation, expiry
        and logon limits.
      </p>
      {problems.map((p) => (
        <p key={p} role="status" className="text-sm text-amber-800">
          {p}
        </p>
      ))}
      <PoliciesWorkspace
        rows={policies.map((p, i) => ({ ...p, users: users[i] }))}
        filter={filter}
        sitesWithoutPolicy={sites.filter((s) => !withPolicy.has(s))}
        canEdit={user.permissions.has('policy.write')}
      />
    </section>
  );
}
