import { signIn } from '@/lib/auth/auth';
import { oidcSettingsFromEnv } from '@/lib/auth/auth-settings';
import { safeCallbackUrl } from '@/lib/auth/callback-url';

/**
 * "Sign in with <name>": starts the OpenID Connect sign-in at the organisation's identity
 * provider, back to `callbackUrl` afterwards. Nothing when no provider is configured.
 */
export function OidcSignInButton({ callbackUrl }: { callbackUrl: string }) {
  const settings = oidcSettingsFromEnv(process.env);
  if (!settings) return null;
  return (
    <form
      action={async (form: FormData) => {
        'use server';
        await signIn('oidc', { redirectTo: safeCallbackUrl(form.get('callbackUrl')) });
      }}
    >
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <button type="submit" className="w-full rounded border border-slate-300 bg-white px-4 py-2 font-medium text-slate-900 hover:bg-slate-100">
        Sign in with {settings.name}
      </button>
    </form>
  );
}
