import type { Metadata } from 'next';
import Link from 'next/link';
import { AccessNumbersList } from '@/components/conferencing/access-numbers-list';
import { getSessionUser } from '@/lib/auth/session';
import { listAccessNumbersByRegion } from '@/lib/db/access-numbers';
import { getDb } from '@/lib/db/client';

export const metadata: Metadata = { title: 'Dial-in Conferencing' };

/** The public dial-in page: access numbers for everyone; PIN management after sign-in. */
export default async function DialInPage() {
  const [regions, user] = await Promise.all([listAccessNumbersByRegion(getDb().db), getSessionUser()]);
  return (
    <main className="mx-auto max-w-3xl space-y-6 p-4">
      <h1 className="text-2xl font-semibold">Dial-in Conferencing</h1>
      <section aria-labelledby="numbers-heading">
        <h2 id="numbers-heading" className="mb-2 text-lg font-semibold">
          Dial-in access numbers
        </h2>
        <AccessNumbersList regions={regions} />
      </section>
      <section aria-labelledby="pin-heading">
        <h2 id="pin-heading" className="mb-2 text-lg font-semibold">
          Your PIN
        </h2>
        {user ? (
          <p>Signed in as {user.displayName}.</p>
        ) : (
          <p>
            <Link className="text-brand-700 underline" href="/sign-in?callbackUrl=%2Fdialin">
              Sign in
            </Link>{' '}
            to manage your dial-in PIN.
          </p>
        )}
      </section>
    </main>
  );
}
