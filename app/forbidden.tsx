import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-lg p-8">
      <h1 className="text-2xl font-semibold">403 — You don&apos;t have access to this page</h1>
      <p className="mt-3 text-slate-700">
        Your account has no administrative role that allows this page. If you need access, ask a CsAdministrator to assign you a role. To manage your own
        dial-in PIN, use the Dial-in Conferencing page.
      </p>
      <p className="mt-4 flex gap-4">
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
