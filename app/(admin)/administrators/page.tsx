import type { Metadata } from 'next';
import { AdministratorsManager, type RoleRow } from '@/components/administrators/administrators-manager';
import { RoleSourcesNote } from '@/components/administrators/role-sources-note';
import { roles } from '@/lib/auth/permissions';
import { requirePagePermission } from '@/lib/auth/session';
import { listRoleHolders, roleSourcesDescription } from '@/lib/roles/roles-page-service';

export const metadata: Metadata = { title: 'Administrators' };

/** Who holds which role and where it comes from; direct grants are made and revoked here. */
export default async function AdministratorsPage() {
  await requirePagePermission('role.manage', '/administrators');
  const rows: RoleRow[] = (await listRoleHolders()).flatMap((holder) =>
    holder.roles.flatMap(({ role, sources }) =>
      sources.map((source) => ({
        userId: holder.userId,
        displayName: holder.displayName,
        upn: holder.upn,
        enabled: holder.enabled,
        role,
        origin: source.origin,
        via: source.via,
        since: source.since.getTime(),
      })),
    ),
  );
  return (
    <section aria-labelledby="administrators-heading" className="space-y-4">
      <h1 id="administrators-heading" className="text-2xl font-semibold">
        Administrators
      </h1>
      <p className="text-sm text-slate-600">
        Who may administer PinDesk, with which role, and where the role comes from. Roles from directory groups and sign-in claims follow the directory and the
        identity provider: they change there, and take effect at the next sync or sign-in. Direct grants are made here. PinDesk always keeps at least one
        CsAdministrator.
      </p>
      <AdministratorsManager rows={rows} roles={[...roles]} />
      <RoleSourcesNote {...roleSourcesDescription()} />
    </section>
  );
}
