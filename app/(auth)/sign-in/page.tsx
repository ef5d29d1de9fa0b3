import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getSessionUser } from '@/lib/auth/session';
import { safeCallbackUrl } from '@/lib/auth/callback-url';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const { callbackUrl } = await searchParams;
  const target = safeCallbackUrl(Array.isArray(callbackUrl) ? callbackUrl[0] : callbackUrl);
  if (await getSessionUser()) redirect(target);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-xl font-semibold">Sign in to PinDesk</h1>
        <p className="mb-6 mt-1 text-sm text-slate-600">Use your organisation email (UPN) or your domain\logon, and your password.</p>
        <SignInForm callbackUrl={target} />
        <p className="mt-6 text-sm text-slate-600">
          Looking for dial-in numbers? See the{' '}
          <a className="text-brand-700 underline" href="/dialin">
            Dial-in Conferencing page
          </a>
          .
        </p>
      </div>
    </main>
  );
}
