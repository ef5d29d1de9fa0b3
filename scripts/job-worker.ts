/**
 * `npm run jobs:work`: a bulk job runner on its own, without the web server — for a
 * deployment that wants dedicated workers (then set PINDESK_JOB_RUNNER=0 on the web
 * instances), and for the crash test, which kills it mid-job. SIGINT/SIGTERM/SIGHUP stop it
 * like the server (server.ts): no new batch, the one in flight committed or released at once.
 */
import { getPinPepper } from '../lib/config/secrets';
import { shutdownTimeoutMs } from '../lib/config/shutdown';
import { createDb } from '../lib/db/client';
import { createPinStore } from '../lib/db/pin-store';
import { createPinVault } from '../lib/jobs/pin-vault';
import { startBulkJobRunner } from '../lib/jobs/runner';
import { jobRunnerSettings } from '../lib/jobs/settings';
import { getPinHasher } from '../lib/pin/runtime';
import { createGracefulShutdown } from '../lib/server/graceful-shutdown';
import { systemClock } from '../lib/pin/types';

let settings;
let boundMs: number;
try {
  settings = jobRunnerSettings({ ...process.env, PINDESK_JOB_RUNNER: '1' });
  boundMs = shutdownTimeoutMs();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
const handle = createDb();
const runner = startBulkJobRunner({
  handle,
  deps: { store: createPinStore(handle), hasher: getPinHasher(), clock: systemClock },
  vault: createPinVault(getPinPepper()),
  ...settings,
});
// As the server's stop (server.ts): the batch in flight commits or is released, then the pool closes.
const shutdown = createGracefulShutdown({
  boundMs,
  log: (message) => console.error(`[bulk jobs] ${message}`),
  exit: (code) => process.exit(code),
  phases: () => [
    [{ name: 'the bulk job batch in flight', run: () => runner.stop({ graceMs: boundMs / 2 }) }],
    [{ name: 'the database connections', run: () => handle.db.$disconnect() }],
  ],
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown.begin(signal));
console.log(`Bulk job runner started (${handle.target.provider}); Ctrl+C stops it.`);
