'use server';
import { AuthError } from 'next-auth';
import { signIn } from '@/lib/auth/auth';
import { safeCallbackUrl } from '@/lib/auth/callback-url';
import { DATABASE_UNAVAILABLE_MESSAGE } from '@/lib/http/database-unavailable';
import { isDatabaseUnavailable } from '@/lib/server/database-outage';
import { hasUnusableCharacter } from '@/lib/validation/text';

/** A failure's message, and what was typed as the Email so the form can show it again (never the password). */
export type SignInState = { message: string; email?: string } | null;

const GENERIC_FAILURE = 'The email or password is not correct.';

/**
 * Signs in through Auth.js, whose credentials provider does the checking (and the rate
 * limiting, so a direct POST to Auth.js's own endpoint is limited too).
 */
export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const email = form.get('email');
  const password = form.get('password');
  const typed = typeof email === 'string' ? email.slice(0, 254) : '';
  if (typeof email !== 'string' || typeof password !== 'string' || !email.trim() || !password) {
    return { message: 'Enter your email and password.', email: typed };
  }
  if (hasUnusableCharacter(email)) {
    return { message: 'The email contains a control character or a broken Unicode character; type it again.' };
  }
  try {
    await signIn('credentials', { email, password, redirectTo: safeCallbackUrl(form.get('callbackUrl')) });
    return null;
  } catch (error) {
    // Not "the password is wrong": nothing was checked.
    if (isDatabaseUnavailable(error)) return { message: DATABASE_UNAVAILABLE_MESSAGE, email: typed };
    if (error instanceof AuthError) {
      const code = (error as { code?: string }).code;
      return {
        message: code === 'rate_limited' ? 'Too many sign-in attempts. Wait 15 minutes and try again.' : GENERIC_FAILURE,
        email: typed,
      };
    }
    // Auth.js signals its redirect by throwing; let Next.js handle it.
    throw error;
  }
}
