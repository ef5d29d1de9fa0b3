import type { Metadata } from 'next';
import { BridgesManager } from '@/components/bridges/bridges-manager';
import { requirePagePermission } from '@/lib/auth/session';
import { listBridges } from '@/lib/bridges/bridges-service';

export const metadata: Metadata = { title: 'Bridges' };

export default async function BridgesPage() {
  await requirePagePermission('bridge.manage', '/bridges');
  return (
    <section aria-labelledby="bridges-heading" className="space-y-3">
      <h1 id="bridges-heading" className="text-2xl font-semibold">
        Bridges
      </h1>
      <p className="text-sm text-slate-600">
        Conferencing bridges check callers&apos; PINs with <code>POST /api/v1/pin-logon</code> and a key issued here (see{' '}
        <a className="text-brand-700 underline" href="/api/v1/openapi.json">
          the API description
        </a>
        ).
      </p>
      <BridgesManager bridges={await listBridges()} />
    </section>
  );
}
