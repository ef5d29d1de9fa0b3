import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditTable } from '@/components/audit/audit-table';
import { VerifyChainButton } from '@/components/audit/verify-chain-button';
import { listAuditEvents } from '@/lib/audit/audit-service';
import { outcomes, parseAuditFilter } from '@/lib/audit/filter-params';
import { requirePagePermission } from '@/lib/auth/session';
import { intParam, toUrlSearchParams } from '@/lib/validation/search-params';
import { verifyAuditAction } from './actions';

export const metadata: Metadata = { title: 'Audit' };

const PAGE_SIZE = 100;
type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPage({ searchParams }: Props) {
  const raw = await searchParams;
  const params = toUrlSearchParams(raw);
  await requirePagePermission('audit.read', `/audit?${params}`);
  const { filter, problems } = parseAuditFilter(params);
  const page = intParam(params.get('page') ?? undefined, 'Page', 1, 1, 1_000_000);
  const { total, rows } = await listAuditEvents(filter, page.value, PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const withPage = (n: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(n));
    return `/audit?${next}`;
  };
  const exportParams = new URLSearchParams(params);
  exportParams.delete('page');
  const value = (name: string) => params.get(name) ?? '';

  return (
    <section aria-labelledby="audit-heading" className="space-y-3">
      <h1 id="audit-heading" className="text-2xl font-semibold">
        Audit
      </h1>
      <form
        role="search"
        aria-label="Filter audit events"
        action="/audit"
        className="grid grid-cols-1 gap-2 rounded border border-slate-200 bg-white p-3 text-sm sm:grid-cols-3"
      >
        {[
          ['actor', 'Actor', 'name contains'],
          ['target', 'Target', 'contains, e.g. sip:kenmyer'],
          ['action', 'Action', 'starts with, e.g. pin. or pin.set'],
        ].map(([name, label, hint]) => (
          <label key={name} className="block">
            <span className="block text-slate-700">{label}</span>
            <input
              name={name}
              defaultValue={value(name)}
              placeholder={hint}
              maxLength={200}
              className="mt-1 w-full rounded border border-slate-300 px-2 py-1.5"
            />
          </label>
        ))}
        <label className="block">
          <span className="block text-slate-700">Outcome</span>
          <select name="outcome" defaultValue={value('outcome')} className="mt-1 w-full rounded border border-slate-300 px-2 py-1.5">
            <option value="">Any</option>
            {outcomes.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          <span className="block text-slate-700">From (UTC)</span>
          <input type="datetime-local" name="from" defaultValue={value('from')} className="mt-1 w-full rounded border border-slate-300 px-2 py-1.5" />
        </label>
        <label className="block">
          <span className="block text-slate-700">To (UTC)</span>
          <input type="datetime-local" name="to" defaultValue={value('to')} className="mt-1 w-full rounded border border-slate-300 px-2 py-1.5" />
        </label>
        <div className="flex gap-2 sm:col-span-3">
          <button type="submit" className="rounded bg-brand-600 px-4 py-1.5 text-white">
            Apply filter
          </button>
          <Link href="/audit" className="rounded border border-slate-300 px-4 py-1.5">
            Clear filter
          </Link>
          <a href={`/api/v1/audit/export?${exportParams}`} className="ml-auto rounded border border-slate-300 px-4 py-1.5">
            Export CSV
          </a>
        </div>
      </form>
      {[...problems, page.problem].filter(Boolean).map((p) => (
        <p key={p} role="status" className="text-sm text-amber-800">
          {p}
        </p>
      ))}
      <VerifyChainButton action={verifyAuditAction} />
      <p className="text-sm text-slate-600">
        {total.toLocaleString('en-US')} events · page {Math.min(page.value, pages)} of {pages} · newest first · times in UTC
      </p>
      <AuditTable rows={rows} />
      <nav aria-label="Pagination" className="flex gap-3 text-sm">
        {page.value > 1 && (
          <Link className="text-brand-700 underline" href={withPage(page.value - 1)}>
            Previous page
          </Link>
        )}
        {page.value < pages && (
          <Link className="text-brand-700 underline" href={withPage(page.value + 1)}>
            Next page
          </Link>
        )}
      </nav>
    </section>
  );
}
