import Link from 'next/link';

/**
 * An unknown job id (a mistyped or old link, or a job from another installation): rendered
 * inside the admin layout, so the navigation stays, with the way back to the list.
 */
export default function JobNotFound() {
  return (
    <section aria-labelledby="job-not-found-heading" className="space-y-3">
      <h1 id="job-not-found-heading" className="text-2xl font-semibold">
        Job not found
      </h1>
      <p className="text-slate-700">There is no bulk job with this id. Check the link, or pick the job from the list.</p>
      <Link href="/jobs" className="inline-block text-brand-700 underline">
        Bulk jobs
      </Link>
    </section>
  );
}
