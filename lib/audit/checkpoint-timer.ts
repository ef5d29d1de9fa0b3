/**
 * Writes a checkpoint of the audit chain's head (lib/audit/checkpoint.ts) when the server
 * starts, every interval while the head has moved since the last one, and once more when
 * the server stops: what is kept outside the database then reaches up to the last event
 * before shutdown. A failed read (database away) is reported and tried again next time.
 */
import { GENESIS_HASH } from './chain';

type ChainHeadReading = { lastId: number; lastHash: string };

type CheckpointTimerOptions = {
  intervalMs: number;
  readHead(): Promise<ChainHeadReading | null>;
  /** Writes the checkpoint of this head, taken at `at`. */
  write(head: ChainHeadReading, at: Date): void;
  onError(error: unknown): void;
};

export type CheckpointTimer = {
  /** Stops the timer and writes the final checkpoint; resolves once it is written (or failed). */
  stop(): Promise<void>;
};

export function startCheckpointTimer(options: CheckpointTimerOptions): CheckpointTimer {
  let lastWritten: string | null = null;
  let running: Promise<void> = Promise.resolve();

  const checkpoint = (always: boolean) => {
    // One at a time, in order: a slow read must not let an older head be written after a newer one.
    running = running.then(async () => {
      try {
        const head = (await options.readHead()) ?? { lastId: 0, lastHash: GENESIS_HASH };
        const seen = `${head.lastId}:${head.lastHash}`;
        if (!always && seen === lastWritten) return;
        options.write(head, new Date());
        lastWritten = seen;
      } catch (error) {
        options.onError(error);
      }
    });
    return running;
  };

  void checkpoint(true);
  const timer = setInterval(() => void checkpoint(false), options.intervalMs);
  // The timer alone must not keep a process alive that has nothing else to do.
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return checkpoint(true);
    },
  };
}
