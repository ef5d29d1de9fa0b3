import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { BulkJobPanel } from '@/components/jobs/bulk-job-view';
import { requirePagePermission } from '@/lib/auth/session';
import { getBulkJob, listJobItems } from '@/lib/jobs/bulk-jobs-service';
import { inputLimits } from '@/lib/validation/input-limits';
import { textInputProblem } from '@/lib/validation/text';
import { mayCancelJob, maySeeJobPins } from '@/lib/jobs/job-access';
import { bulkKindLabels, type BulkKind } from '@/lib/pin/use-cases/bulk';
import { cancelJobAction, dismissPinsAction } from '../actions';

export const metadata: Metadata = { title: 'Bulk job' };

type Props = { params: Promise<{ id: string }> };

export default async function BulkJobPage({ params }: Props) {
  const { id } = await params;
  const user = await requirePagePermission('user.read', `/jobs/${encodeURIComponent(id)}`);
  // An id the database could not even compare (a NUL on PostgreSQL) names no job.
  const job = textInputProblem('id', id, inputLimits.pathId) ? null : await getBulkJob(id);
  if (!job) notFound();
  const [items, problems] = await Promise.all([listJobItems(id, { page: 1 }), listJobItems(id, { page: 1, problems: true })]);
  // A server component renders once per request: reading the clock here is the request's time, not a re-render hazard.
  // eslint-disable-next-line react-hooks/purity
  const asOf = Date.now();
  return (
    <section aria-labelledby="job-heading" className="space-y-4">
      <p className="text-sm">
        <Link href="/jobs" className="text-brand-700 underline">
          All bulk jobs
        </Link>
      </p>
      <h1 id="job-heading" className="text-2xl font-semibold">
        Bulk job: {bulkKindLabels[job.kind as BulkKind] ?? job.kind} for {job.total.toLocaleString('en-US')} user{job.total === 1 ? '' : 's'}
      </h1>
      <BulkJobPanel
        initial={{ job, items, problems, canSeePins: maySeeJobPins(user, job), asOf }}
        canCancel={mayCancelJob(user, job)}
        actions={{ cancel: cancelJobAction, dismiss: dismissPinsAction }}
      />
    </section>
  );
}
