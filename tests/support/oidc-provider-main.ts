/**
 * The local OpenID Provider as a process of its own, for Playwright's webServer:
 * `tsx tests/support/oidc-provider-main.ts`. OIDC_TEST_PORT (3219) and OIDC_TEST_REDIRECT_URI
 * (PinDesk's callback on 3210) configure it; OIDC_TEST_CLIENT_AUTH may pick client_secret_post.
 * POST /__test/tamper is on, so a spec can spoil the next ID token. Stops on SIGTERM or SIGINT.
 */
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, oidcAccounts } from '../../e2e/fixtures/oidc-accounts';
import { startOidcProvider } from './oidc-provider';

const port = Number(process.env.OIDC_TEST_PORT ?? 3219);
const redirectUri = process.env.OIDC_TEST_REDIRECT_URI ?? 'http://127.0.0.1:3210/api/auth/callback/oidc';
const clientAuth = process.env.OIDC_TEST_CLIENT_AUTH === 'client_secret_post' ? 'client_secret_post' : 'client_secret_basic';

const provider = await startOidcProvider({
  port,
  clients: [{ clientId: OIDC_CLIENT_ID, clientSecret: OIDC_CLIENT_SECRET, redirectUris: [redirectUri], tokenEndpointAuthMethod: clientAuth }],
  accounts: oidcAccounts,
  controlEndpoint: true,
});
console.log(`OIDC test provider on ${provider.issuer}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    provider.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
