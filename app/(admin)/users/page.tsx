import type { Metadata } from 'next';
import { toUrlSearchParams } from '@/lib/validation/search-params';
import { Suspense } from 'react';
import { UsersWorkspace } from '@/components/users/users-workspace';
import { userActionPermissions } from '@/lib/auth/permissions';
import { requirePagePermission } from '@/lib/auth/session';
import { parseUserSearch } from '@/lib/users/search-params';
import { findUsers, listOrgUnits, listPerUserPolicies, listSavedQueries } from '@/lib/users/users-service';

export const metadata: Metadata = { title: 'Users' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function UsersPage({ searchParams }: Props) {
  const raw = await searchParams;
  const urlParams = toUrlSearchParams(raw);
  const user = await requirePagePermission('user.read', `/users?${urlParams}`);
  const { search, problems } = parseUserSearch(urlParams);
  const [result, savedQueries, policies, orgUnits] = await Promise.all([findUsers(search), listSavedQueries(user.id), listPerUserPolicies(), listOrgUnits()]);
  // The client compares this with its own URL to reuse the server's first result.
  const initialParams = urlParams.toString();

  return (
    <section aria-labelledby="users-heading">
      <h1 id="users-heading" className="mb-4 text-2xl font-semibold">
        Users
      </h1>
      <Suspense>
        <UsersWorkspace
          initialParams={initialParams}
          initialResult={{ ...result, problems }}
          savedQueries={savedQueries}
          grantablePolicies={policies.map((p) => p.identity)}
          orgUnits={orgUnits.map((o) => o.dn)}
          permissions={userActionPermissions(user.permissions)}
        />
      </Suspense>
    </section>
  );
}
