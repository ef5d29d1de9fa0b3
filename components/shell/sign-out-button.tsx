import { signOut } from '@/lib/auth/auth';

export function SignOutButton() {
  return (
    <form
      action={async () => {
        'use server';
        await signOut({ redirectTo: '/sign-in' });
      }}
    >
      <button type="submit" className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100">
        Sign out
      </button>
    </form>
  );
}
