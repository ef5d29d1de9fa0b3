import { parseAuditFilter } from '@/lib/audit/filter-params';
import { requireRoutePermission } from '@/lib/auth/route-guard';
import { auditCsvStream } from '@/lib/db/audit-export';
import { getDb } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

/** The filtered audit trail as CSV, streamed (see lib/db/audit-export.ts). */
export async function GET(request: Request) {
  const user = await requireRoutePermission('audit.read');
  if (user instanceof Response) return user;
  const { filter } = parseAuditFilter(new URL(request.url).searchParams);
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return new Response(auditCsvStream(getDb().db, filter), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="pindesk-audit-${stamp}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
