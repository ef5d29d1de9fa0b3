import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg p-8">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-3 text-slate-700">There is nothing at this address. Check the link, or go back to the start.</p>
      <Link className="mt-4 inline-block text-brand-700 underline" href="/">
        Go to PinDesk
      </Link>
    </main>
  );
}
