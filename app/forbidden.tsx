import Link from 'next/link';
import { getSessionUser } from '@/lib/auth/session';
import { describeRoles, NO_ROLE_SENTENCE } from '@/lib/auth/role-descriptions';

/** The 403 page: names the caller's role and what it allows, so they know whom to ask for what. */
export default async function Forbidden() {
  // A database outage must not turn the 403 page into a 500: show it as for no session.
  const user = await getSessionUser().catch(() => null);
  const roleSentences = user ? describeRoles(user.roles) : [];
  return (
    <main className="mx-auto max-w-lg p-8">
      <h1 className="text-2xl font-semibold">403 — You don&apos;t have access to this page</h1>
      {roleSentences.length > 0 ? (
        <>
          {roleSentences.map((sentence) => (
            <p key={sentence} className="mt-3 text-slate-700">
              {sentence}
            </p>
          ))}
          <p className="mt-3 text-slate-700">This page needs another role. If you need it, ask a CsAdministrator.</p>
        </>
      ) : (
        <p className="mt-3 text-slate-700">{NO_ROLE_SENTENCE} To manage your own dial-in PIN, use the Dial-in Conferencing page.</p>
      )}
      <p className="mt-4 flex gap-4">
        {user?.isAdministrator && (
          <Link className="text-brand-700 underline" href="/users">
            Users
          </Link>
        )}
        <Link className="text-brand-700 underline" href="/dialin">
          Dial-in Conferencing page
        </Link>
        <Link className="text-brand-700 underline" href="/sign-in">
          Sign in with another account
        </Link>
      </p>
    </main>
  );
}
