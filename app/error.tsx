'use client';
import { useRouter } from 'next/navigation';
import { startTransition } from 'react';
import { DATABASE_UNAVAILABLE_DIGEST, DATABASE_UNAVAILABLE_MESSAGE } from '@/lib/http/database-unavailable';

/**
 * Unexpected errors: a plain message, never a stack trace in the browser. In production
 * Next.js passes only the error's digest here; lib/db stamps a known one on "database
 * unavailable" errors, so an outage is named as such rather than as "something went wrong".
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  const databaseDown = error.digest === DATABASE_UNAVAILABLE_DIGEST;
  // reset() alone re-renders what the browser has; a server error needs the server asked again.
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
  return (
    <main className="mx-auto max-w-lg p-8">
      <h1 className="text-2xl font-semibold">{databaseDown ? 'Database unavailable' : 'Something went wrong'}</h1>
      <p role="alert" className="mt-3 text-slate-700">
        {databaseDown
          ? `${DATABASE_UNAVAILABLE_MESSAGE} Nothing you entered was saved.`
          : 'The page could not be shown. Nothing you entered was saved. Try again in a moment.'}
      </p>
      <button type="button" onClick={retry} className="mt-4 rounded bg-brand-600 px-4 py-2 text-white">
        Try again
      </button>
    </main>
  );
}
