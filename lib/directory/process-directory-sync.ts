/**
 * This server process's directory side: the DIRECTORY_LDAP_* source applied at start, and
 * the sync scheduler. One per process (a process singleton), started by server.ts (so its
 * shutdown stops a running sync, which is then recorded as cancelled and finished by the
 * next run) or by instrumentation.ts. PINDESK_JOB_RUNNER=0 turns it off, as it does the bulk
 * job runner, for an instance that should only serve pages.
 */
import { withoutRepeats } from '../db/outage-log';
import { existingProcessSingleton, processSingleton } from '../runtime/process-singleton';
import { getDb, getPinDeps } from '../server/composition-root';
import { applyEnvironmentSource } from './environment-source';
import { startSyncScheduler, type SyncScheduler } from './sync-scheduler';

const KEY = 'directorySync';

export function startServerDirectorySync(): void {
  processSingleton<SyncScheduler | null>(KEY, () => {
    if (process.env.PINDESK_JOB_RUNNER === '0') return null;
    const log = withoutRepeats((line) => console.error(`[directory] ${line}`));
    applyEnvironmentSource(getDb(), process.env).catch((error: unknown) => log(error instanceof Error ? error.message : String(error)));
    return startSyncScheduler({ handle: getDb(), clock: getPinDeps().clock, log });
  });
}

/** This process's scheduler: null when turned off, undefined before it is started. */
export function serverDirectorySync(): SyncScheduler | null | undefined {
  return existingProcessSingleton<SyncScheduler | null>(KEY);
}
