import type { Metadata } from 'next';
import { toUrlSearchParams } from '@/lib/validation/search-params';
import { Suspense } from 'react';
import { UsersWorkspace } from '@/components/users/users-workspace';
import { requirePagePermission } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { listSavedQueries } from '@/lib/db/saved-queries';
import { searchUsers } from '@/lib/db/user-search';
import { parseUserSearch } from '@/lib/users/search-params';

export const metadata: Metadata = { title: 'Users' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function UsersPage({ searchParams }: Props) {
  const raw = await searchParams;
  const urlParams = toUrlSearchParams(raw);
  const user = await requirePagePermission('user.read', `/users?${urlParams}`);
  const { db, target } = getDb();
  const { search, problems } = parseUserSearch(urlParams);
  const [result, savedQueries, policies, orgUnits] = await Promise.all([
    searchUsers(db, target.provider, search),
    listSavedQueries(db, user.id),
    db.pinPolicy.findMany({ where: { scope: 'user' }, select: { identity: true }, orderBy: { identity: 'asc' } }),
    db.orgUnit.findMany({ select: { dn: true }, orderBy: { path: 'asc' } }),
  ]);
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
          permissions={{ setPin: user.permissions.has('pin.write'), lock: user.permissions.has('pin.lock'), grant: user.permissions.has('policy.grant') }}
        />
      </Suspense>
    </section>
  );
}
