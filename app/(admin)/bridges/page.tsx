import type { Metadata } from 'next';
import { requirePagePermission } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';

export const metadata: Metadata = { title: 'Bridges' };

export default async function BridgesPage() {
  await requirePagePermission('bridge.manage', '/bridges');
  const bridges = await getDb().db.bridgeKey.findMany({ orderBy: { name: 'asc' } });
  return (
    <section aria-labelledby="bridges-heading">
      <h1 id="bridges-heading" className="mb-4 text-2xl font-semibold">
        Bridges
      </h1>
      <p className="mb-3 text-sm text-slate-600">Conferencing bridges call the PIN logon API with an API key issued here.</p>
      {bridges.length === 0 ? (
        <p className="text-slate-600">No bridge keys have been issued.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white text-sm">
          {bridges.map((b) => (
            <li key={b.id} className="flex flex-wrap justify-between gap-2 px-3 py-2">
              <span className="font-medium">{b.name}</span>
              <span>{b.revokedAt ? 'Revoked' : 'Active'}</span>
              <span className="text-slate-600">Last used: {b.lastUsedAt ? b.lastUsedAt.toISOString() : 'never'}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
