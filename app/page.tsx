import { redirect } from 'next/navigation';
import { getSessionUser } from '@/lib/auth/session';

/** Administrators land on the Overview (every administrative role has user.read); everyone else on their own dial-in page. */
export default async function Home() {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in');
  redirect(user.isAdministrator ? '/overview' : '/dialin');
}
