import Link from 'next/link';

/** "Page not found", worded for where the visitor can go next (`home`: the Users page, the Dial-in page or the start). */
export function NotFoundMessage({ home }: { home: { href: string; label: string } }) {
  return (
    <>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-3 text-slate-700">There is nothing at this address. Check the link, or go back to the start.</p>
      <Link className="mt-4 inline-block text-brand-700 underline" href={home.href}>
        {home.label}
      </Link>
    </>
  );
}
