/**
 * Auth.js (next-auth v5) for PinDesk: a credentials provider (UPN/email or domain\logon +
 * password, checked by the user's directory or, for break-glass accounts, PinDesk's own hash)
 * and, when AUTH_OIDC_ISSUER is set, the organisation's OpenID Connect provider (id `oidc`).
 * JWT sessions carry only the PinDesk user id. Roles are read from the database on every
 * check (lib/auth/session.ts), so a revoked role takes effect at once.
 */
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import type { Provider } from 'next-auth/providers';
import { getDb } from '../server/composition-root';
import { getSecret } from '../config/secrets';
import { getPinDeps } from '../server/pin-deps';
import { localAccountsEnabled, oidcSettingsFromEnv, type OidcSettings } from './auth-settings';
import { createDirectoryBind } from './directory-bind';
import { checkIdTokenSignature } from './id-token-signature';
import { noteOidcFailure } from './oidc-failure';
import { completeOidcSignIn } from './oidc-sign-in';
import { roleMappingFromEnv } from './role-mapping';
import { authenticate } from './sign-in';
import { clientAddress, userAgent } from './request-info';

/** Thrown for a wrong account or password: the one generic failure. */
class InvalidCredentials extends CredentialsSignin {
  code = 'invalid';
}

/** Thrown when the account or the address made too many attempts. */
class RateLimited extends CredentialsSignin {
  code = 'rate_limited';
}

const SESSION_MAX_AGE_S = 8 * 60 * 60;

/** The identity provider as Auth.js takes it: discovery from the issuer, PKCE + state + nonce. */
function oidcProvider(settings: OidcSettings): Provider {
  return {
    id: 'oidc',
    name: settings.name,
    type: 'oidc',
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    checks: ['pkce', 'state', 'nonce'],
    authorization: { params: { scope: settings.scope } },
    token: {
      async conform(response: Response) {
        await checkIdTokenSignature(settings, response.clone());
        return response;
      },
    },
    // The ID token's claims only: nothing else is fetched (Entra's default profile would fetch a photo from Graph).
    profile(claims) {
      return { id: String(claims.sub), name: typeof claims.name === 'string' ? claims.name : null, email: null };
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth((request) => {
  const oidc = oidcSettingsFromEnv(process.env);
  const context = request ? { sourceAddress: clientAddress(request.headers), userAgent: userAgent(request.headers) } : {};
  return {
    secret: getSecret('AUTH_SECRET'),
    // PinDesk runs behind its operator's own proxy or load balancer, not on a platform that
    // sets AUTH_URL; the Host header is trusted and redirects stay relative.
    trustHost: true,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    // Errors too: the sign-in page words each (app/(auth)/sign-in/sign-in-errors.ts), never Auth.js's own page.
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [
      Credentials({
        credentials: { email: { label: 'Email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, request) {
          const outcome = await authenticate(
            {
              handle: getDb(),
              store: getPinDeps().store,
              maskTyped: getPinDeps().hasher.maskTyped,
              directoryBind: createDirectoryBind(getDb(), () => roleMappingFromEnv(process.env)),
              localAccounts: localAccountsEnabled(process.env),
            },
            {
              email: credentials?.email,
              password: credentials?.password,
              sourceAddress: clientAddress(request.headers),
              userAgent: userAgent(request.headers),
            },
          );
          if (outcome.ok) return { id: outcome.user.id, name: outcome.user.displayName, email: outcome.user.upn };
          throw outcome.reason === 'rate-limited' ? new RateLimited() : new InvalidCredentials();
        },
      }),
      ...(oidc ? [oidcProvider(oidc)] : []),
    ],
    callbacks: {
      /** An OIDC sign-in is let in only as an enabled directory user; a refusal goes back to the sign-in page, saying why. */
      async signIn({ account, profile, user }) {
        if (account?.provider !== 'oidc' || !oidc) return true;
        const outcome = await completeOidcSignIn(
          { handle: getDb(), store: getPinDeps().store, roleMapping: roleMappingFromEnv(process.env) },
          oidc,
          (profile ?? {}) as Record<string, unknown>,
          context,
        );
        if (!outcome.ok) return `/sign-in?error=${outcome.reason}`;
        // Auth.js hands this same object to the jwt callback.
        (user as { pinDeskUserId?: string }).pinDeskUserId = outcome.userId;
        return true;
      },
      jwt({ token, user, account }) {
        if (account?.provider === 'oidc') token.sub = (user as { pinDeskUserId?: string }).pinDeskUserId;
        else if (user?.id) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
    logger: {
      // Failed sign-ins are expected and audited; don't spill their stack traces into the log.
      error(error) {
        if (error instanceof CredentialsSignin || (error as { type?: string }).type === 'CredentialsSignin') return;
        // A refused identity provider response is audited by the callback route (lib/auth/oidc-failure.ts).
        if (noteOidcFailure(error)) return;
        console.error(`[auth] ${error.name}: ${error.message}`);
      },
      warn() {},
    },
  };
});
