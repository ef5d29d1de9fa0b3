import Link from 'next/link';
import type { ReactNode } from 'react';
import { headers } from 'next/headers';
import { AdminNav, type NavItem } from '@/components/shell/admin-nav';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { MAIN_CONTENT_ID, SkipLink } from '@/components/ui/skip-link';
import { requirePagePermission } from '@/lib/auth/session';

/** The admin shell: every page under it needs an administrative role (DOMAIN.md §6). */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const path = (await headers()).get('x-pindesk-path') ?? '/overview';
  const user = await requirePagePermission('admin', path);
  const items: NavItem[] = [
    { href: '/overview', label: 'Overview' },
    { href: '/users', label: 'Users' },
    { href: '/jobs', label: 'Bulk jobs' },
    {
      href: '/conferencing',
      label: 'Conferencing',
      children: [
        { href: '/conferencing/pin-policies', label: 'PIN Policy' },
        { href: '/conferencing/access-numbers', label: 'Dial-in Access Numbers' },
      ],
    },
    ...(user.permissions.has('dialin.test') ? [{ href: '/dial-in-test', label: 'Dial-in test' }] : []),
    ...(user.permissions.has('audit.read') ? [{ href: '/audit', label: 'Audit' }] : []),
    ...(user.permissions.has('bridge.manage') ? [{ href: '/bridges', label: 'Bridges' }] : []),
    ...(user.permissions.has('directory.manage') ? [{ href: '/directory', label: 'Directory' }] : []),
    ...(user.permissions.has('role.manage') ? [{ href: '/administrators', label: 'Administrators' }] : []),
    ...(user.permissions.has('api_token.own') ? [{ href: '/api-tokens', label: 'API tokens' }] : []),
  ];
  return (
    <div className="min-h-screen">
      <SkipLink />
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-white px-4 py-2">
        <Link href="/overview" className="text-lg font-semibold text-brand-800">
          PinDesk
        </Link>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <span>
            Signed in as <strong>{user.displayName}</strong>{' '}
            <span className="text-slate-600" aria-label="Roles">
              ({user.roles.join(', ')})
            </span>
          </span>
          <SignOutButton />
        </div>
      </header>
      <div className="mx-auto flex max-w-[96rem] flex-col gap-4 p-4 md:flex-row">
        <AdminNav items={items} />
        <main id={MAIN_CONTENT_ID} tabIndex={-1} className="min-w-0 flex-1 focus:outline-none">
          {children}
        </main>
      </div>
    </div>
  );
}
