/**
 * Local mode's directory operations: the sync or import runs in this process (as the server's
 * would), so following it means awaiting it, with its progress from each committed batch.
 */
import type { DirectoryDeps, Who } from '../../directory/directory-service';
import { createDirectoryScripting, type DirectoryClient, type SyncCounts, type SyncResult } from '../../scripting/directory';

type Running = { done: Promise<SyncResult>; onProgress: ((counts: SyncCounts) => void) | null };

export function createLocalDirectoryClient(deps: DirectoryDeps, who: Who): DirectoryClient {
  const scripting = createDirectoryScripting(deps, who);
  const running = new Map<string, Running>();

  return {
    previewDirectorySync: (input) => scripting.previewDirectorySync(input),
    async startDirectorySync(input, options = {}) {
      // Progress reaches whoever waits for the run; it starts before anyone can.
      const slot: { run: Running | null } = { run: null };
      const { runId, done } = await scripting.startDirectorySync(input, { onProgress: (counts) => slot.run?.onProgress?.(counts), signal: options.signal });
      slot.run = { done, onProgress: null };
      running.set(runId, slot.run);
      return { runId };
    },
    getDirectoryRun: (runId) => scripting.getDirectoryRun(runId),
    async waitForDirectoryRun(runId, onProgress) {
      const run = running.get(runId);
      if (run) {
        run.onProgress = onProgress;
        await run.done;
        running.delete(runId);
      }
      return scripting.getDirectoryRun(runId);
    },
    previewUserImport: (input) => scripting.previewUserImport(input),
    async startUserImport(input) {
      const { runId, done } = await scripting.startUserImport(input);
      running.set(runId, { done, onProgress: null });
      return { runId };
    },
  };
}
