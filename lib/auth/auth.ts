/**
 * Auth.js (next-auth v5) for PinDesk: a credentials provider (UPN/email + password) over
 * the directory, JWT sessions carrying only the user id. Roles are read from the database
 * on every check (lib/auth/session.ts), so a revoked role takes effect at once.
 */
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getDb } from '../server/composition-root';
import { getSecret } from '../config/secrets';
import { getPinDeps } from '../server/pin-deps';
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

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: getSecret('AUTH_SECRET'),
  // PinDesk runs behind its operator's own proxy or load balancer, not on a platform that
  // sets AUTH_URL; the Host header is trusted and redirects stay relative.
  trustHost: true,
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: '/sign-in' },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, request) {
        const outcome = await authenticate(
          { handle: getDb(), store: getPinDeps().store, maskTyped: getPinDeps().hasher.maskTyped },
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
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
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
      console.error(`[auth] ${error.name}: ${error.message}`);
    },
    warn() {},
  },
}));
