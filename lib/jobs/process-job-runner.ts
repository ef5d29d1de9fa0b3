/**
 * The bulk job runner of this server process. One per process, kept on globalThis: server.ts
 * starts it (so that its shutdown can stop it) and Next.js's bundles reach the same one
 * through lib/jobs/server-runner.ts; under plain `next start` / `next dev`, instrumentation.ts
 * starts it. No 'server-only' marker, since server.ts runs outside Next.js's bundler.
 * PINDESK_JOB_RUNNER=0 turns it off for an instance that should only serve pages.
 */
import { getPinPepper } from '../config/secrets';
import { getDb } from '../db/client';
import { withoutRepeats } from '../db/outage-log';
import { getPinDeps } from '../server/process-pin-deps';
import { createPinVault, type PinVault } from './pin-vault';
import { startBulkJobRunner, type BulkJobRunner } from './runner';
import { jobRunnerSettings } from './settings';

const global = globalThis as unknown as { pindeskJobRunner?: BulkJobRunner | null; pindeskPinVault?: PinVault };

export function getPinVault(): PinVault {
  global.pindeskPinVault ??= createPinVault(getPinPepper());
  return global.pindeskPinVault;
}

export function startServerJobRunner(): void {
  if (global.pindeskJobRunner !== undefined) return;
  const settings = jobRunnerSettings(process.env);
  global.pindeskJobRunner = settings.enabled
    ? startBulkJobRunner({
        handle: getDb(),
        deps: getPinDeps(),
        vault: getPinVault(),
        // While the database is down every poll fails alike: one line a minute, not one a second.
        log: withoutRepeats((line) => console.error(`[bulk jobs] ${line}`)),
        ...settings,
      })
    : null;
}

/** Tells this process's runner a job was created, so it starts without waiting for its poll. */
export function wakeJobRunner(): void {
  global.pindeskJobRunner?.wake();
}

/** This process's runner: null when PINDESK_JOB_RUNNER=0, undefined before it is started. */
export function serverJobRunner(): BulkJobRunner | null | undefined {
  return global.pindeskJobRunner;
}
