import Link from 'next/link';
import type { ReactNode } from 'react';
import { failedLogonsAuditHref } from '@/lib/overview/audit-links';
import { hourLabel } from '@/lib/overview/chart-series';
import { overviewWindows, type FailureLeader } from '@/lib/overview/overview-types';

const DELETED = '(deleted)';

function LeaderTable({
  caption,
  who,
  leaders,
  nameCell,
  auditHref,
  canReadAudit,
}: {
  caption: string;
  who: string;
  leaders: readonly FailureLeader[];
  nameCell: (leader: FailureLeader) => ReactNode;
  auditHref: (leader: FailureLeader) => string | null;
  canReadAudit: boolean;
}) {
  return (
    <div className="min-w-0 space-y-2">
      <h3 className="font-semibold">{caption}</h3>
      {leaders.length === 0 ? (
        <p className="text-sm text-slate-600">No failed logons in the last 24 hours.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">{caption} with the most failed PIN logons in the last 24 hours, most first</caption>
            <thead>
              <tr className="border-b border-slate-200">
                <th scope="col" className="py-1.5 pr-3">
                  {who}
                </th>
                <th scope="col" className="py-1.5 pr-3 text-right">
                  Failures
                </th>
                {canReadAudit && (
                  <th scope="col" className="py-1.5">
                    <span className="sr-only">Audit trail</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {leaders.map((leader) => {
                const href = auditHref(leader);
                return (
                  <tr key={leader.id} className="border-b border-slate-100">
                    <td className="break-words py-1.5 pr-3">{nameCell(leader)}</td>
                    <td className="py-1.5 pr-3 text-right tabular-nums">{leader.failures.toLocaleString('en-US')}</td>
                    {canReadAudit && (
                      <td className="whitespace-nowrap py-1.5">
                        {href && (
                          <Link href={href} className="text-brand-700 underline">
                            Audit trail<span className="sr-only"> for {leader.name ?? leader.sipAddress}</span>
                          </Link>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** The users and bridges with the most failed PIN logons in the last 24 hours: where to look first. */
export function FailureLeaders({
  users,
  bridges,
  asOf,
  canReadAudit,
}: {
  users: readonly FailureLeader[];
  bridges: readonly FailureLeader[];
  asOf: number;
  /** The audit links lead to a page the viewer may not open without audit.read: hidden then. */
  canReadAudit: boolean;
}) {
  return (
    <section aria-labelledby="failure-leaders-heading" className="space-y-3 rounded border border-slate-200 bg-white p-3">
      <h2 id="failure-leaders-heading" className="text-lg font-semibold">
        Most failed logons in the last 24 hours
      </h2>
      <p className="text-sm text-slate-600">
        Rejected PIN logons since {hourLabel(overviewWindows(asOf).leaders)} UTC (this hour so far and the 23 before it).
      </p>
      <div className="grid gap-4 md:grid-cols-2">
        <LeaderTable
          caption="Users"
          who="User"
          leaders={users}
          canReadAudit={canReadAudit}
          nameCell={(user) => (
            <>
              {user.name === null ? (
                <span className="text-slate-600">{DELETED}</span>
              ) : (
                <Link href={`/users/${encodeURIComponent(user.id)}`} className="text-brand-700 underline">
                  {user.name}
                </Link>
              )}
              {user.sipAddress && <span className="block break-all text-xs text-slate-600">{user.sipAddress}</span>}
            </>
          )}
          // The audit trail names the user by SIP address, which outlives the user: still worth a look.
          auditHref={(user) => (user.sipAddress ? failedLogonsAuditHref({ target: user.sipAddress }, asOf) : null)}
        />
        <LeaderTable
          caption="Bridges"
          who="Bridge"
          leaders={bridges}
          canReadAudit={canReadAudit}
          nameCell={(bridge) => (bridge.name === null ? <span className="text-slate-600">{DELETED}</span> : bridge.name)}
          auditHref={(bridge) => (bridge.name !== null ? failedLogonsAuditHref({ actor: bridge.name }, asOf) : null)}
        />
      </div>
    </section>
  );
}
