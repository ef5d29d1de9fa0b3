import { NotFoundMessage } from '@/components/shell/not-found-message';

/** notFound() in an admin page (an unknown user, job…): the message inside the admin shell, navigation kept. */
export default function AdminNotFound() {
  return (
    <section className="max-w-lg">
      <NotFoundMessage home={{ href: '/users', label: 'Go to Users' }} />
    </section>
  );
}
