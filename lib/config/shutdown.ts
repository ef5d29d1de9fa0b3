/**
 * How long a server or `npm run jobs:work` may take to stop after SIGTERM/SIGINT before it
 * gives up waiting and exits 1 (lib/server/graceful-shutdown.ts). Supervisors wait a while
 * before SIGKILL (systemd 90 s, Docker 10 s): the default stays below Docker's, leaving time
 * for the exit 1 and its message naming what did not finish.
 * Validated at start: a typo must not silently mean "wait forever".
 */
const DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 8;
const MAX_SHUTDOWN_TIMEOUT_SECONDS = 600;

export function shutdownTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.SHUTDOWN_TIMEOUT_SECONDS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_SHUTDOWN_TIMEOUT_SECONDS * 1000;
  const seconds = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_SHUTDOWN_TIMEOUT_SECONDS) {
    throw new Error(
      `SHUTDOWN_TIMEOUT_SECONDS must be a whole number of seconds from 1 to ${MAX_SHUTDOWN_TIMEOUT_SECONDS} (got "${raw.slice(0, 40)}"); leave it unset for ${DEFAULT_SHUTDOWN_TIMEOUT_SECONDS}.`,
    );
  }
  return seconds * 1000;
}
