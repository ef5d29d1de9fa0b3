import type { Metadata } from 'next';
import { AccessNumbersList } from '@/components/access-numbers-list';
import { requirePagePermission } from '@/lib/auth/session';
import { listAccessNumbersByRegion } from '@/lib/db/access-numbers';
import { getDb } from '@/lib/db/client';

export const metadata: Metadata = { title: 'Dial-in Access Numbers' };

export default async function AccessNumbersPage() {
  await requirePagePermission('policy.read', '/conferencing/access-numbers');
  return (
    <section aria-labelledby="numbers-heading">
      <h1 id="numbers-heading" className="mb-4 text-2xl font-semibold">
        Dial-in Access Numbers
      </h1>
      <AccessNumbersList regions={await listAccessNumbersByRegion(getDb().db)} />
    </section>
  );
}
