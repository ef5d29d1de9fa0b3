import { parseAuditFilter } from '@/lib/audit/filter-params';
import { jsonError, requireRoutePermission } from '@/lib/auth/route-guard';
import { exportAuditCsv } from '@/lib/audit/audit-service';

export const dynamic = 'force-dynamic';

/**
 * The filtered audit trail as CSV, streamed (see lib/db/audit-export.ts). The filter is
 * checked before the 200 goes out: once streaming, a database refusal could only cut the
 * connection.
 */
export async function GET(request: Request) {
  const user = await requireRoutePermission('audit.read');
  if (user instanceof Response) return user;
  const { filter, invalid } = parseAuditFilter(new URL(request.url).searchParams);
  if (invalid.length > 0) return jsonError(400, invalid[0].message, { code: 'INVALID_INPUT', field: invalid[0].field });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return new Response(exportAuditCsv(filter), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="pindesk-audit-${stamp}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
