'use client';
import { useActionState } from 'react';
import { signInAction, type SignInState } from './actions';

/**
 * Email and password. The Email field takes any name the account is known by (UPN, SIP
 * address, domain\logon), so it is a text field; after a failure it shows what was typed
 * (React resets a form after its action: defaultValue is what it resets to).
 */
export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, isPending] = useActionState<SignInState, FormData>(signInAction, null);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div>
        <label htmlFor="email" className="block text-sm font-medium text-slate-700">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          maxLength={254}
          defaultValue={state?.email ?? ''}
          aria-describedby="sign-in-error"
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
        />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium text-slate-700">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={1024}
          aria-describedby="sign-in-error"
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
        />
      </div>
      <div id="sign-in-error" aria-live="polite" className="min-h-5 text-sm text-red-700">
        {state?.message && <p role="alert">{state.message}</p>}
      </div>
      <button
        type="submit"
        disabled={isPending}
        className="w-full rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
