import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PinStatusList } from '@/components/pin/pin-status-list';
import { UserLineFields } from '@/components/users/user-line-fields';
import { UserPageActions } from '@/components/users/user-page-actions';
import { userActionPermissions } from '@/lib/auth/permissions';
import { requirePagePermission } from '@/lib/auth/session';
import { getPinInfoWithLine, isPinError } from '@/lib/pin';
import { getPinDeps } from '@/lib/server/pin-deps';
import { backToUsersHref } from '@/lib/users/back-to-users';
import { listPerUserPolicies } from '@/lib/users/users-service';

export const metadata: Metadata = { title: 'PIN status' };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function UserPage({ params, searchParams }: Props) {
  const [{ id }, { from }] = await Promise.all([params, searchParams]);
  const user = await requirePagePermission('user.read', `/users/${encodeURIComponent(id)}`);
  // One read of the user gives both the PIN status and the line shown above it.
  const info = await getPinInfoWithLine(getPinDeps(), { user: { userId: id } }).catch((error) => {
    if (isPinError(error) && error.code === 'USER_NOT_FOUND') notFound();
    throw error;
  });
  const permissions = userActionPermissions(user.permissions);
  const policies = permissions.grant ? await listPerUserPolicies() : [];
  return (
    <section aria-labelledby="user-heading" className="space-y-4">
      {/* `from` is the Users page's query when the agent came from a search: back to that search. */}
      <Link href={backToUsersHref(from)} className="text-sm text-brand-700 underline">
        Back to Users
      </Link>
      <h1 id="user-heading" className="text-2xl font-semibold">
        {info.displayName}
      </h1>
      <UserLineFields lineUri={info.lineUri} extension={info.extension} />
      <UserPageActions
        // A new render of the page (after a change) brings the state the dialogs start from.
        user={{ id: info.userId, displayName: info.displayName, isLockedOut: info.isLockedOut, isPinSet: info.isPinSet }}
        permissions={permissions}
        grantablePolicies={policies.map((p) => p.identity)}
      />
      <div className="rounded border border-slate-200 bg-white p-4">
        <h2 className="mb-3 text-lg font-semibold">PIN status</h2>
        <PinStatusList info={info} />
      </div>
    </section>
  );
}
