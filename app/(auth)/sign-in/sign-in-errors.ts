/**
 * What the sign-in page says when Auth.js sends someone back to it with `?error=`. PinDesk's
 * own refusals of an identity provider sign-in (lib/auth/oidc-sign-in.ts) say why: the person
 * was authenticated by their organisation, so naming the problem tells them nothing an attacker
 * could use. Anything Auth.js refused (a forged or expired response) gets one generic answer,
 * and a password refused on Auth.js's own endpoint the form's. Pure.
 */
export function signInErrorMessage(code: string | undefined, providerName: string): string | null {
  if (!code) return null;
  switch (code) {
    case 'not-in-directory':
      return `${providerName} signed you in, but PinDesk has no user with that account. Ask your administrator to check that your account is in the directory PinDesk reads.`;
    case 'account-disabled':
      return 'Your account is disabled in the directory, so it cannot sign in to PinDesk. Ask your administrator.';
    case 'no-user-claim':
      return `${providerName} did not say which account you signed in with. Ask your administrator to check PinDesk’s AUTH_OIDC_USER_CLAIM setting.`;
    case 'CredentialsSignin':
      return 'The email or password is not correct.';
    default:
      return `Sign-in with ${providerName} did not complete. Try again; if it keeps failing, ask your administrator.`;
  }
}
