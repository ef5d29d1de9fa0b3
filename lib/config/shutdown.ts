/**
 * How long a server or `npm run jobs:work` may take to stop after SIGTERM/SIGINT before it
 * gives up waiting and exits 1 (lib/server/graceful-shutdown.ts). Supervisors wait a while
 * before SIGKILL (systemd 90 s, Docker 10 s): the default stays below Docker's, leaving time
 * for the exit 1 and its message naming what did not finish.
 * Validated at start: a typo must not silently mean "wait forever".
 */
import { wholeNumberSetting } from './whole-number-setting';

const DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 8;
const MAX_SHUTDOWN_TIMEOUT_SECONDS = 600;

export function shutdownTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  return wholeNumberSetting(env, 'SHUTDOWN_TIMEOUT_SECONDS', 1, MAX_SHUTDOWN_TIMEOUT_SECONDS, DEFAULT_SHUTDOWN_TIMEOUT_SECONDS, 'seconds') * 1000;
}
