import type { Metadata } from 'next';
import { AccessNumbersManager } from '@/components/conferencing/access-numbers-manager';
import { requirePagePermission } from '@/lib/auth/session';
import { listAccessNumbers, listAccessNumbersByRegion } from '@/lib/conferencing/access-numbers-service';

export const metadata: Metadata = { title: 'Dial-in Access Numbers' };

export default async function AccessNumbersPage() {
  const user = await requirePagePermission('policy.read', '/conferencing/access-numbers');
  const [regions, numbers] = await Promise.all([listAccessNumbersByRegion(), listAccessNumbers()]);
  return (
    <section aria-labelledby="numbers-heading" className="space-y-3">
      <h1 id="numbers-heading" className="text-2xl font-semibold">
        Dial-in Access Numbers
      </h1>
      <p className="text-sm text-slate-600">The Dial-in Conferencing page and meeting invitations list these numbers per region, in this order.</p>
      <AccessNumbersManager regions={regions} numbers={numbers} canEdit={user.permissions.has('access_number.write')} />
    </section>
  );
}
