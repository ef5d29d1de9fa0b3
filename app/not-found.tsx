import { NotFoundMessage } from '@/components/shell/not-found-message';
import { MAIN_CONTENT_ID } from '@/components/ui/skip-link';
import { getSessionUser } from '@/lib/auth/session';
import AdminLayout from './(admin)/layout';

/**
 * An address that matches no route. A signed-in administrator gets the message inside the
 * admin shell, so the navigation is still there (a typo should not strand them); everyone
 * else gets the bare page. The session is only read: an unknown address never redirects.
 */
export default async function NotFound() {
  const user = await getSessionUser().catch(() => null);
  if (user?.isAdministrator) {
    return (
      <AdminLayout>
        <section className="max-w-lg">
          <NotFoundMessage home={{ href: '/users', label: 'Go to Users' }} />
        </section>
      </AdminLayout>
    );
  }
  return (
    <main id={MAIN_CONTENT_ID} tabIndex={-1} className="mx-auto max-w-lg p-8 focus:outline-none">
      <NotFoundMessage home={user ? { href: '/dialin', label: 'Go to the Dial-in Conferencing page' } : { href: '/', label: 'Go to PinDesk' }} />
    </main>
  );
}
