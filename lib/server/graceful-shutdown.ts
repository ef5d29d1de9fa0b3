/**
 * The stop sequence of a long-running process (server.ts, `npm run jobs:work`): steps run in
 * phases, the steps of a phase together and the phases in order, then the process exits 0.
 * If they have not finished within the bound, or a second signal comes, it exits 1 at once
 * and names the steps still running, so an operator knows what a stop cut short.
 */
export type ShutdownStep = { name: string; run(): Promise<unknown> };

export type GracefulShutdownOptions = {
  boundMs: number;
  /** Read when the shutdown begins, so it sees what has been started by then. */
  phases(): (ShutdownStep | null | undefined | false)[][];
  log(message: string): void;
  exit(code: number): void;
  /**
   * The same signal again this soon after the first is the same stop, not a second one: Ctrl+C
   * in a terminal reaches the server directly and again relayed by scripts/start.ts. A different
   * one is a second stop at any time. Default 1 s.
   */
  repeatWindowMs?: number;
};

export type GracefulShutdown = {
  /** First call: stops (exit 0, or 1 when `failed` or a step fails). Later calls: exit 1 now. */
  begin(reason: string, options?: { failed?: boolean }): void;
};

export function createGracefulShutdown(options: GracefulShutdownOptions): GracefulShutdown {
  const { boundMs, log, repeatWindowMs = 1000 } = options;
  let begunAt = 0;
  let begunFor = '';
  const pending = new Set<string>();
  let begun = false;
  let exited = false;
  let bound: NodeJS.Timeout | undefined;
  const exit = (code: number) => {
    if (exited) return;
    exited = true;
    clearTimeout(bound);
    options.exit(code);
  };
  const unfinished = () => (pending.size > 0 ? [...pending].join(', ') : 'nothing');

  return {
    begin(reason, { failed = false } = {}) {
      if (begun) {
        if (reason === begunFor && Date.now() - begunAt < repeatWindowMs) return;
        log(`${reason} again: exiting now without waiting for ${unfinished()}.`);
        exit(1);
        return;
      }
      begun = true;
      begunAt = Date.now();
      begunFor = reason;
      log(`${reason}: stopping (at most ${boundMs / 1000} s; a second signal exits at once).`);
      bound = setTimeout(() => {
        log(`The stop did not finish within ${boundMs / 1000} s (SHUTDOWN_TIMEOUT_SECONDS); still waiting for: ${unfinished()}. Exiting with code 1.`);
        exit(1);
      }, boundMs);
      let anyFailed = failed;
      void (async () => {
        for (const phase of options.phases()) {
          await Promise.all(
            phase
              .filter((step): step is ShutdownStep => Boolean(step))
              .map(async (step) => {
                pending.add(step.name);
                try {
                  await step.run();
                } catch (error) {
                  anyFailed = true;
                  // The name only: a driver's message may quote a statement and its values.
                  log(`Stopping ${step.name} failed: ${error instanceof Error ? error.name : 'error'}.`);
                } finally {
                  pending.delete(step.name);
                }
              }),
          );
        }
        if (!anyFailed) log('Stopped cleanly.');
        exit(anyFailed ? 1 : 0);
      })();
    },
  };
}
