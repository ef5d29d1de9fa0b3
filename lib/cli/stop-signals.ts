/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP ask a running command to stop before its next object
 * rather than end the process where it stands: killed at once, a command would drop a PIN it
 * had just set, and a terminal table (written only at the end) with every PIN set so far.
 * main writes what it has, says where it stopped, and exits 128 + the signal's number. A
 * second signal ends the process at once, as does one that comes during a blocking read
 * (the -Confirm prompt), where no JavaScript could run to honour it.
 */
import os from 'node:os';

const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof stopSignals)[number];

export type StopRequests = {
  /** The signal that asked to stop, or null. */
  requested(): StopSignal | null;
  /** Runs a blocking call with the signals' default action back: a signal then ends the process. */
  duringBlockingCall<T>(fn: () => T): T;
};

export function exitCodeOf(signal: StopSignal): number {
  return 128 + os.constants.signals[signal];
}

export function listenForStopSignals(): StopRequests {
  let requested: StopSignal | null = null;
  const onSignal = (signal: StopSignal) => {
    if (requested) process.exit(exitCodeOf(signal));
    requested = signal;
  };
  const listen = () => stopSignals.forEach((s) => process.on(s, onSignal));
  const unlisten = () => stopSignals.forEach((s) => process.off(s, onSignal));
  listen();
  return {
    requested: () => requested,
    duringBlockingCall(fn) {
      unlisten();
      try {
        return fn();
      } finally {
        listen();
      }
    },
  };
}

/** Thrown where a command checks for a stop request: before its next object, after a result is written. */
export class CommandStoppedError extends Error {
  constructor(readonly signal: StopSignal) {
    super(`stopped by ${signal}`);
  }
}

/** The piped objects, ending with CommandStoppedError before the next one once a stop is requested. */
export async function* untilStopped<T>(items: AsyncIterable<T>, stop: StopRequests | undefined): AsyncGenerator<T> {
  for await (const item of items) {
    const signal = stop?.requested();
    if (signal) throw new CommandStoppedError(signal);
    yield item;
  }
}
