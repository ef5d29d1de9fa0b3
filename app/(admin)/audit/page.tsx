import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePagePermission } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { firstParam, intParam } from '@/lib/validation/search-params';

export const metadata: Metadata = { title: 'Audit' };

const PAGE_SIZE = 100;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePagePermission('audit.read', '/audit');
  const page = intParam(firstParam((await searchParams).page), 'Page', 1, 1, 1_000_000);
  const { db } = getDb();
  const [total, events] = await Promise.all([
    db.auditEvent.count(),
    db.auditEvent.findMany({ orderBy: { id: 'desc' }, skip: (page.value - 1) * PAGE_SIZE, take: PAGE_SIZE }),
  ]);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <section aria-labelledby="audit-heading">
      <h1 id="audit-heading" className="mb-4 text-2xl font-semibold">
        Audit
      </h1>
      {page.problem && <p role="status" className="mb-2 text-sm text-amber-800">{page.problem}</p>}
      <p className="mb-2 text-sm text-slate-600">
        {total.toLocaleString('en-US')} events · page {page.value} of {pages} · newest first
      </p>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              {['Time (UTC)', 'Actor', 'Action', 'Target', 'Outcome', 'Source', 'Details'].map((h) => (
                <th key={h} scope="col" className="px-3 py-2">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id} className="border-t border-slate-100 align-top">
                <td className="whitespace-nowrap px-3 py-2">{e.at.toISOString().replace('T', ' ').slice(0, 19)}</td>
                <td className="px-3 py-2">{e.actorName}</td>
                <td className="px-3 py-2 font-mono">{e.action}</td>
                <td className="px-3 py-2">{e.targetName}</td>
                <td className="px-3 py-2">{e.outcome}</td>
                <td className="px-3 py-2">{e.sourceAddress}</td>
                <td className="max-w-xs break-words px-3 py-2 font-mono text-xs">{e.details === '{}' ? '' : e.details}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pagination" className="mt-3 flex gap-3 text-sm">
        {page.value > 1 && <Link className="text-brand-700 underline" href={`/audit?page=${page.value - 1}`}>Previous page</Link>}
        {page.value < pages && <Link className="text-brand-700 underline" href={`/audit?page=${page.value + 1}`}>Next page</Link>}
      </nav>
    </section>
  );
}
