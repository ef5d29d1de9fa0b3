import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePagePermission } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { searchUsers } from '@/lib/db/user-search';
import { formatTime } from '@/lib/format/time';
import { firstParam, intParam, textParam } from '@/lib/validation/search-params';

export const metadata: Metadata = { title: 'Users' };

const PAGE_SIZE = 50;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function UsersPage({ searchParams }: Props) {
  await requirePagePermission('user.read', '/users');
  const params = await searchParams;
  const q = textParam(firstParam(params.q), 'Search text', 256);
  const page = intParam(firstParam(params.page), 'Page', 1, 1, 100_000);
  const { total, rows } = await searchUsers(getDb().db, { q: q.value, page: page.value, pageSize: PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const pageHref = (n: number) => `/users?${new URLSearchParams({ ...(q.value ? { q: q.value } : {}), page: String(n) })}`;
  const problems = [q.problem, page.problem].filter(Boolean);

  return (
    <section aria-labelledby="users-heading">
      <h1 id="users-heading" className="mb-4 text-2xl font-semibold">
        Users
      </h1>
      <form role="search" action="/users" className="mb-4 flex flex-wrap gap-2">
        <input
          type="search"
          name="q"
          defaultValue={q.value}
          aria-label="Search users"
          placeholder="Name, account, SIP address or line URI"
          maxLength={256}
          className="min-w-0 flex-1 rounded border border-slate-300 px-3 py-2"
        />
        <button type="submit" className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
          Find
        </button>
      </form>
      {problems.map((p) => (
        <p key={p} role="status" className="mb-2 text-sm text-amber-800">
          {p}
        </p>
      ))}
      <p className="mb-2 text-sm text-slate-600" role="status">
        {total.toLocaleString('en-US')} user{total === 1 ? '' : 's'} found
        {total > 0 && ` · page ${page.value} of ${pages}`}
      </p>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2">Display name</th>
              <th scope="col" className="px-3 py-2">SIP address</th>
              <th scope="col" className="px-3 py-2">Department</th>
              <th scope="col" className="px-3 py-2">Site</th>
              <th scope="col" className="px-3 py-2">PIN set</th>
              <th scope="col" className="px-3 py-2">PIN locked</th>
              <th scope="col" className="px-3 py-2">Last PIN change</th>
              <th scope="col" className="px-3 py-2">PIN expires</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id} className="border-t border-slate-100">
                <td className="px-3 py-2">
                  <Link className="text-brand-700 underline" href={`/users/${u.id}`}>
                    {u.displayName}
                  </Link>
                </td>
                <td className="px-3 py-2">{u.sipAddress}</td>
                <td className="px-3 py-2">{u.department}</td>
                <td className="px-3 py-2">{u.site ?? '—'}</td>
                <td className="px-3 py-2">{u.isPinSet ? 'Yes' : 'No'}</td>
                <td className="px-3 py-2">{u.isLockedOut ? 'Yes' : 'No'}</td>
                <td className="px-3 py-2">{formatTime(u.lastPinChange)}</td>
                <td className="px-3 py-2">{u.pinExpires === null ? 'Never' : formatTime(u.pinExpires)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav aria-label="Pagination" className="mt-3 flex gap-3 text-sm">
          {page.value > 1 && (
            <Link className="text-brand-700 underline" href={pageHref(page.value - 1)}>
              Previous page
            </Link>
          )}
          {page.value < pages && (
            <Link className="text-brand-700 underline" href={pageHref(page.value + 1)}>
              Next page
            </Link>
          )}
        </nav>
      )}
    </section>
  );
}
