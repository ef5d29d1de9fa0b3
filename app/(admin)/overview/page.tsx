import type { Metadata } from 'next';
import { OverviewDashboard } from '@/components/overview/overview-dashboard';
import { requirePagePermission } from '@/lib/auth/session';
import { loadOverview } from '@/lib/overview/overview-service';

export const metadata: Metadata = { title: 'Overview' };
export const dynamic = 'force-dynamic';

/** Where administrators land: PIN status now and what happened to PINs lately, refreshed every minute. */
export default async function OverviewPage() {
  const user = await requirePagePermission('user.read', '/overview');
  const data = await loadOverview();
  return (
    <section aria-labelledby="overview-heading" className="space-y-4">
      <h1 id="overview-heading" className="text-2xl font-semibold">
        Overview
      </h1>
      <OverviewDashboard initial={data} canReadAudit={user.permissions.has('audit.read')} />
    </section>
  );
}
