'use client';

/** Unexpected errors: a plain message, never a stack trace in the browser. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-lg p-8">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-3 text-slate-700">The page could not be shown. Nothing you entered was saved. Try again in a moment.</p>
      <button type="button" onClick={reset} className="mt-4 rounded bg-brand-600 px-4 py-2 text-white">
        Try again
      </button>
    </main>
  );
}
