import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePagePermission } from '@/lib/auth/session';
import { formatTime } from '@/lib/format/time';
import { listBulkJobs } from '@/lib/jobs/bulk-jobs-service';
import { jobProgress } from '@/lib/jobs/progress';
import { bulkKindLabels, type BulkKind } from '@/lib/pin/use-cases/bulk';

export const metadata: Metadata = { title: 'Bulk jobs' };
export const dynamic = 'force-dynamic';

const statusLabel = { running: 'Running', completed: 'Completed', cancelled: 'Cancelled' } as const;

/** Every administrator's recent bulk jobs, running ones first. */
export default async function BulkJobsPage() {
  await requirePagePermission('user.read', '/jobs');
  // A server component renders once per request: reading the clock here is the request's time, not a re-render hazard.
  // eslint-disable-next-line react-hooks/purity
  const now = Date.now();
  const jobs = await listBulkJobs(100, now);
  return (
    <section aria-labelledby="jobs-heading" className="space-y-4">
      <h1 id="jobs-heading" className="text-2xl font-semibold">
        Bulk jobs
      </h1>
      <p className="text-sm text-slate-600">
        Start a bulk job on the Users page: select users, then choose Action → Set PIN, Lock PIN, Unlock PIN or Assign policy.
      </p>
      {jobs.length === 0 ? (
        <p>No bulk jobs yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">Recent bulk jobs</caption>
            <thead>
              <tr className="border-b border-slate-200">
                <th scope="col" className="py-2 pr-4">
                  Operation
                </th>
                <th scope="col" className="py-2 pr-4">
                  Status
                </th>
                <th scope="col" className="py-2 pr-4">
                  Progress
                </th>
                <th scope="col" className="py-2 pr-4">
                  Started by
                </th>
                <th scope="col" className="py-2">
                  Started
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => {
                const progress = jobProgress(job, now);
                const label = `${bulkKindLabels[job.kind as BulkKind] ?? job.kind} for ${job.total.toLocaleString('en-US')} user${job.total === 1 ? '' : 's'}`;
                return (
                  <tr key={job.id} className="border-b border-slate-100">
                    <td className="py-2 pr-4">
                      <Link href={`/jobs/${job.id}`} className="text-brand-700 underline">
                        {label}
                      </Link>
                    </td>
                    <td className="py-2 pr-4">{statusLabel[job.status]}</td>
                    <td className="py-2 pr-4">
                      {progress.processed.toLocaleString('en-US')} / {job.total.toLocaleString('en-US')}
                    </td>
                    <td className="py-2 pr-4">{job.createdByName}</td>
                    <td className="whitespace-nowrap py-2">{formatTime(job.startedAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
