/**
 * The test provider's own login step: a plain HTML form at the interaction URL, checked against
 * the test accounts. oidc-provider's devInteractions are for demos and may change their markup;
 * the e2e tests need labels and messages they can rely on.
 */
import type { IncomingMessage } from 'node:http';
import type Provider from 'oidc-provider';

export type OidcTestAccount = {
  username: string;
  password: string;
  sub: string;
  name: string;
  email?: string;
  preferredUsername: string;
  groups: string[];
  roles?: string[];
};

export const WRONG_CREDENTIALS = 'Wrong username or password.';

type Middleware = Parameters<Provider['use']>[0];

const INTERACTION_PATH = /^\/interaction\/([^/]+)$/;

export const interactionUrl = (uid: string) => `/interaction/${uid}`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function loginPage(uid: string, username: string, wrong: boolean): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in - PinDesk test OpenID Provider</title></head>
<body>
<main>
<h1>Sign in</h1>
${wrong ? `<p role="alert">${WRONG_CREDENTIALS}</p>` : ''}
<form method="post" action="${escapeHtml(interactionUrl(uid))}">
<p><label for="username">Username</label> <input id="username" name="username" autocomplete="username" value="${escapeHtml(username)}" required></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required></p>
<button type="submit">Sign in</button>
</form>
</main>
</body>
</html>
`;
}

/** The form body; capped, as nothing legitimate posts more than two short fields. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 16_384) throw new Error('login form body too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Serves GET and POST at /interaction/:uid; everything else goes on to the provider. */
export function loginInteraction(provider: Provider, accounts: readonly OidcTestAccount[]): Middleware {
  return async (ctx, next) => {
    if (!INTERACTION_PATH.test(ctx.path) || !['GET', 'POST'].includes(ctx.method)) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    ctx.set('Cache-Control', 'no-store');
    if (details.prompt.name !== 'login') {
      // The grant loader grants every scope, so no other prompt is expected; fail loudly if one comes.
      ctx.throw(500, `unexpected interaction prompt "${details.prompt.name}"`);
    }
    let username = '';
    if (ctx.method === 'POST') {
      const form = await readForm(ctx.req);
      username = form.get('username') ?? '';
      const account = accounts.find((a) => a.username === username && a.password === form.get('password'));
      if (account) {
        ctx.status = 303;
        ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false }));
        return;
      }
    }
    ctx.status = 200;
    ctx.type = 'html';
    ctx.body = loginPage(details.uid, username, ctx.method === 'POST');
  };
}
