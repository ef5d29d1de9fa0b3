import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LockButtons } from '@/components/pin/lock-buttons';
import { PinStatusList } from '@/components/pin/pin-status-list';
import { requirePagePermission } from '@/lib/auth/session';
import { UserLineFields } from '@/components/users/user-line-fields';
import { getPinInfo, isPinError, loadUser } from '@/lib/pin';
import { getPinDeps } from '@/lib/server/pin-deps';
import { lockPinAction, unlockPinAction } from '../actions';

export const metadata: Metadata = { title: 'PIN status' };

/** The user's line URI and extension (the user exists: getPinInfo found them). */
async function readLine(userId: string) {
  const { lineUri, extension } = await loadUser(getPinDeps().store, { userId });
  return { lineUri, extension };
}

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePagePermission('user.read', `/users/${encodeURIComponent(id)}`);
  const info = await getPinInfo(getPinDeps(), { user: { userId: id } }).catch((error) => {
    if (isPinError(error) && error.code === 'USER_NOT_FOUND') notFound();
    throw error;
  });
  return (
    <section aria-labelledby="user-heading" className="space-y-4">
      <Link href="/users" className="text-sm text-brand-700 underline">
        Back to Users
      </Link>
      <h1 id="user-heading" className="text-2xl font-semibold">
        {info.displayName}
      </h1>
      <UserLineFields {...await readLine(id)} />
      <div className="rounded border border-slate-200 bg-white p-4">
        <h2 className="mb-3 text-lg font-semibold">PIN status</h2>
        <PinStatusList info={info} />
      </div>
      {user.permissions.has('pin.lock') && (
        <LockButtons userId={info.userId} isLocked={info.isLockedOut} lockAction={lockPinAction} unlockAction={unlockPinAction} />
      )}
    </section>
  );
}
