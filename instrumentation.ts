/**
 * Runs once when a server process starts: every app instance runs a bulk job runner
 * (lib/jobs), so jobs go on without any browser tab, resume after a restart, and spread
 * over all instances; so does the directory sync scheduler. Under server.ts (`npm start`) the runner is already started, by server.ts
 * itself so that its stop on SIGTERM is server.ts's: this then does nothing.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startServerJobRunner } = await import('./lib/jobs/server-runner');
  startServerJobRunner();
  const { startServerDirectorySync } = await import('./lib/directory/process-directory-sync');
  startServerDirectorySync();
}
