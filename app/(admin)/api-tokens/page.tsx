import type { Metadata } from 'next';
import { ApiTokensManager } from '@/components/api-tokens/api-tokens-manager';
import { requirePagePermission } from '@/lib/auth/session';
import { apiTokenStatus, listApiTokens } from '@/lib/api-tokens/api-tokens-service';

export const metadata: Metadata = { title: 'API tokens' };

export default async function ApiTokensPage() {
  const user = await requirePagePermission('api_token.own', '/api-tokens');
  const everyone = user.permissions.has('api_token.manage_all');
  // A server component renders once per request: reading the clock here is the request's time, not a re-render hazard.
  // eslint-disable-next-line react-hooks/purity
  const now = Date.now();
  const tokens = (await listApiTokens(everyone ? null : user.id)).map((t) => ({
    id: t.id,
    name: t.name,
    tokenPrefix: t.tokenPrefix,
    ownerName: t.ownerName,
    mine: t.ownerId === user.id,
    createdAt: t.createdAt.getTime(),
    expiresAt: t.expiresAt?.getTime() ?? null,
    lastUsedAt: t.lastUsedAt?.getTime() ?? null,
    status: apiTokenStatus(t, now),
  }));
  return (
    <section aria-labelledby="api-tokens-heading" className="space-y-3">
      <h1 id="api-tokens-heading" className="text-2xl font-semibold">
        API tokens
      </h1>
      <p className="text-sm text-slate-600">
        A personal API token lets scripts and the <code>pindesk</code> command line call the{' '}
        <a className="text-brand-700 underline" href="/api/v1/openapi.json">
          REST API
        </a>{' '}
        as you: it can do what your roles allow at the time of each call, and nothing once it is revoked or expired. Use it with <code>PINDESK_URL</code> and{' '}
        <code>PINDESK_TOKEN</code>.{everyone ? ' As a CsAdministrator you see and can revoke everyone’s tokens.' : ''}
      </p>
      <ApiTokensManager tokens={tokens} showOwner={everyone} />
    </section>
  );
}
