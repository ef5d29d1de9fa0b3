import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getSessionUser } from '@/lib/auth/session';
import { safeCallbackUrl } from '@/lib/auth/callback-url';
import { OidcSignInButton } from '@/components/shell/oidc-sign-in-button';
import { oidcSettingsFromEnv } from '@/lib/auth/auth-settings';
import { SignInForm } from './sign-in-form';
import { signInErrorMessage } from './sign-in-errors';

export const metadata: Metadata = { title: 'Sign in' };

type Params = { callbackUrl?: string | string[]; error?: string | string[] };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Params> }) {
  const { callbackUrl, error } = await searchParams;
  const target = safeCallbackUrl(Array.isArray(callbackUrl) ? callbackUrl[0] : callbackUrl);
  if (await getSessionUser()) redirect(target);
  const providerName = oidcSettingsFromEnv(process.env)?.name ?? 'your organisation';
  const errorCode = (Array.isArray(error) ? error[0] : error)?.slice(0, 64);
  const refusal = signInErrorMessage(errorCode, providerName);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-xl font-semibold">Sign in to PinDesk</h1>
        <p className="mb-6 mt-1 text-sm text-slate-600">Use your organisation email (UPN) or your domain\logon, and your password.</p>
        {refusal && (
          <p role="alert" className="mb-4 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
            {refusal}
          </p>
        )}
        <div className="mb-4">
          <OidcSignInButton callbackUrl={target} />
        </div>
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
