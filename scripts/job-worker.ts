/**
 * `npm run jobs:work`: a bulk job runner on its own, without the web server — for a
 * deployment that wants dedicated workers (then set PINDESK_JOB_RUNNER=0 on the web
 * instances), and for the crash test, which kills it mid-job. Stops cleanly on SIGINT/SIGTERM.
 */
import { getPinPepper } from '../lib/config/secrets';
import { createDb } from '../lib/db/client';
import { createPinStore } from '../lib/db/pin-store';
import { createPinVault } from '../lib/jobs/pin-vault';
import { startBulkJobRunner } from '../lib/jobs/runner';
import { jobRunnerSettings } from '../lib/jobs/settings';
import { getPinHasher } from '../lib/pin/runtime';
import { systemClock } from '../lib/pin/types';

let settings;
try {
  settings = jobRunnerSettings({ ...process.env, PINDESK_JOB_RUNNER: '1' });
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
console.log(`Bulk job runner started (${handle.target.provider}); Ctrl+C stops it.`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void runner.stop().then(() => handle.db.$disconnect()).then(() => process.exit(0));
  });
}
