/** A sync run's kind and status in words, for the progress bar and the history alike. Pure. */
import type { SyncRunKind, SyncRunStatus } from '../db/directory-sync-runs';

export const runKindWords: Record<SyncRunKind, string> = { full: 'Full sync', incremental: 'Sync of changes', import: 'Import' };

export const runStatusWords: Record<SyncRunStatus, string> = { running: 'Running', succeeded: 'Finished', failed: 'Failed', cancelled: 'Cancelled' };
