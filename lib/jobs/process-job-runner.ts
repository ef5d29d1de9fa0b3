/**
 * The bulk job runner of this server process. One per process (a process singleton): server.ts
 * starts it (so that its shutdown can stop it) and Next.js's bundles reach the same one
 * through lib/jobs/server-runner.ts; under plain `next start` / `next dev`, instrumentation.ts
 * starts it. No 'server-only' marker, since server.ts runs outside Next.js's bundler.
 * PINDESK_JOB_RUNNER=0 turns it off for an instance that should only serve pages.
 */
import { withoutRepeats } from '../db/outage-log';
import { getDb, getPinDeps, getPinVault } from '../server/composition-root';
import { existingProcessSingleton, processSingleton } from '../runtime/process-singleton';
import { startBulkJobRunner, type BulkJobRunner } from './runner';
import { jobRunnerSettings } from './settings';

const RUNNER = 'jobRunner';

export function startServerJobRunner(): void {
  processSingleton<BulkJobRunner | null>(RUNNER, () => {
    const settings = jobRunnerSettings(process.env);
    return settings.enabled
      ? startBulkJobRunner({
          handle: getDb(),
          deps: getPinDeps(),
          vault: getPinVault(),
          // While the database is down every poll fails alike: one line a minute, not one a second.
          log: withoutRepeats((line) => console.error(`[bulk jobs] ${line}`)),
          ...settings,
        })
      : null;
  });
}

/** Tells this process's runner a job was created, so it starts without waiting for its poll. */
export function wakeJobRunner(): void {
  existingProcessSingleton<BulkJobRunner | null>(RUNNER)?.wake();
}

/** This process's runner: null when PINDESK_JOB_RUNNER=0, undefined before it is started. */
export function serverJobRunner(): BulkJobRunner | null | undefined {
  return existingProcessSingleton<BulkJobRunner | null>(RUNNER);
}
