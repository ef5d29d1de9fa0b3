'use client';
import { useQuery } from '@tanstack/react-query';
import { formatClockTime, formatTime } from '@/lib/format/time';
import { lockoutKinds, pinChangeMethods, type OverviewData } from '@/lib/overview/overview-types';
import { overviewKeys } from '@/lib/overview/query-keys';
import { lockoutKeys, pinChangeKeys } from '@/lib/overview/series-keys';
import { DailyChart } from './daily-chart';
import { FailureLeaders } from './failure-leaders';
import { LogonChart } from './logon-chart';
import { OverviewTiles } from './overview-tiles';

const REFRESH_MS = 60_000;

/** A refresh the server refused: signed out, or no longer allowed to see the Overview. Retrying will not help. */
class AccessEndedError extends Error {}

async function fetchOverview(): Promise<OverviewData> {
  const response = await fetch('/api/v1/overview', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 401 || response.status === 403) {
    throw new AccessEndedError('your session has ended or your role no longer allows this page; sign in again to see current numbers');
  }
  if (!response.ok) {
    const message = body && typeof body === 'object' && 'error' in body && typeof body.error === 'string' ? body.error : null;
    throw new Error(message ?? `HTTP ${response.status}`);
  }
  return body as OverviewData;
}

/**
 * The Overview: the server's numbers first, then the same numbers refetched every minute. A
 * failed refresh keeps the last numbers on screen and says so (politely, once per change).
 */
export function OverviewDashboard({ initial, canReadAudit }: { initial: OverviewData; canReadAudit: boolean }) {
  const query = useQuery({
    queryKey: overviewKeys.all,
    queryFn: fetchOverview,
    initialData: initial,
    initialDataUpdatedAt: initial.asOf,
    // A refused refresh stops the polling: each would be audited as a refused request.
    refetchInterval: (q) => (q.state.error instanceof AccessEndedError ? false : REFRESH_MS),
    retry: (failures, error) => !(error instanceof AccessEndedError) && failures < 1,
  });
  const data = query.data;
  return (
    <div className="space-y-6">
      <div className="space-y-1 text-sm">
        <p className="text-slate-600">
          Data as of{' '}
          <time dateTime={new Date(data.asOf).toISOString()} title={formatTime(data.asOf)}>
            {formatClockTime(data.asOf)}
          </time>{' '}
          · refreshed every minute
        </p>
        <p role="status" className="text-amber-800">
          {query.isError &&
            `Could not refresh the numbers (${query.error.message}). Showing the data as of ${formatClockTime(data.asOf)}${query.error instanceof AccessEndedError ? '.' : '; trying again every minute.'}`}
        </p>
      </div>
      <OverviewTiles tiles={data.tiles} />
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="min-w-0 lg:col-span-2">
          <LogonChart logons={data.logons} asOf={data.asOf} />
        </div>
        <DailyChart title="Lockouts per day" counts={data.lockouts} keys={lockoutKeys} labels={lockoutKinds} asOf={data.asOf} />
        <DailyChart title="PIN changes per day" counts={data.pinChanges} keys={pinChangeKeys} labels={pinChangeMethods} asOf={data.asOf} />
      </div>
      <FailureLeaders users={data.topUsers} bridges={data.topBridges} asOf={data.asOf} canReadAudit={canReadAudit} />
    </div>
  );
}
