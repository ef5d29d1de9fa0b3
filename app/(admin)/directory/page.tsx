import type { Metadata } from 'next';
import { DirectoryManager } from '@/components/directory/directory-manager';
import { ImportPanel } from '@/components/directory/import-panel';
import { SyncHistory } from '@/components/directory/sync-history';
import { requirePagePermission } from '@/lib/auth/session';
import { listDirectorySources, listRuns } from '@/lib/directory/directory-page-service';
import { DEFAULT_ATTRIBUTES, DEFAULT_DISABLED_FILTER, DEFAULT_FILTER } from '@/lib/directory/ldap/settings';

export const metadata: Metadata = { title: 'Directory' };

export default async function DirectoryPage() {
  await requirePagePermission('directory.manage', '/directory');
  const [sources, runs] = await Promise.all([listDirectorySources(), listRuns({ limit: 20 })]);
  return (
    <section aria-labelledby="directory-heading" className="space-y-4">
      <h1 id="directory-heading" className="text-2xl font-semibold">
        Directory
      </h1>
      <p className="text-sm text-slate-600">
        Where PinDesk&apos;s users come from: your Active Directory (users enabled for Skype for Business), kept in sync by objectGUID so a rename or an OU move
        keeps the PIN; or a Skype for Business export file. Users PinDesk alone holds (break-glass accounts) are never touched by a sync.
      </p>
      <DirectoryManager
        sources={sources}
        defaults={{ filter: DEFAULT_FILTER, disabledFilter: DEFAULT_DISABLED_FILTER, attributes: { ...DEFAULT_ATTRIBUTES } }}
      />
      <ImportPanel />
      <SyncHistory runs={runs} />
    </section>
  );
}
