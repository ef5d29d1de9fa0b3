import { describe, expect, it } from 'vitest';
import { createGracefulShutdown, type ShutdownStep } from './graceful-shutdown';

function harness(phases: (ShutdownStep | null)[][], boundMs = 10_000, repeatWindowMs = 0) {
  const logs: string[] = [];
  let resolveExit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  const exits: number[] = [];
  const shutdown = createGracefulShutdown({
    boundMs,
    repeatWindowMs,
    phases: () => phases,
    log: (message) => logs.push(message),
    exit: (code) => {
      exits.push(code);
      resolveExit(code);
    },
  });
  return { shutdown, logs, exited, exits };
}

const never = () => new Promise<void>(() => {});

describe('createGracefulShutdown', () => {
  it('runs the phases in order, the steps of a phase together, then exits 0', async () => {
    const order: string[] = [];
    const step = (name: string, ms: number): ShutdownStep => ({ name, run: () => new Promise<void>((r) => setTimeout(() => (order.push(name), r()), ms)) });
    const { shutdown, exited, logs } = harness([[step('http', 20), step('jobs', 5)], [null, step('checkpoint', 1)], [step('pools', 1)]]);
    shutdown.begin('SIGTERM');
    expect(await exited).toBe(0);
    expect(order).toEqual(['jobs', 'http', 'checkpoint', 'pools']);
    expect(logs[0]).toBe('SIGTERM: stopping (at most 10 s; a second signal exits at once).');
    expect(logs.at(-1)).toBe('Stopped cleanly.');
  });

  it('past the bound it exits 1 naming what did not finish', async () => {
    const { shutdown, exited, logs, exits } = harness(
      [
        [
          { name: 'HTTP requests in flight', run: never },
          { name: 'the bulk job batch in flight', run: async () => {} },
        ],
      ],
      30,
    );
    shutdown.begin('SIGTERM');
    expect(await exited).toBe(1);
    expect(logs.at(-1)).toBe(
      'The stop did not finish within 0.03 s (SHUTDOWN_TIMEOUT_SECONDS); still waiting for: HTTP requests in flight. Exiting with code 1.',
    );
    expect(exits).toEqual([1]);
  });

  it('a second signal exits 1 at once', async () => {
    const { shutdown, exited, logs } = harness([[{ name: 'the database connections', run: never }]]);
    shutdown.begin('SIGTERM');
    shutdown.begin('SIGINT');
    expect(await exited).toBe(1);
    expect(logs.at(-1)).toBe('SIGINT again: exiting now without waiting for the database connections.');
  });

  it('the same signal arriving again at once (terminal and relay) is not a second signal', async () => {
    let finish!: () => void;
    const { shutdown, exited, exits } = harness([[{ name: 'HTTP requests in flight', run: () => new Promise<void>((r) => (finish = r)) }]], 10_000, 60_000);
    shutdown.begin('SIGINT');
    shutdown.begin('SIGINT');
    shutdown.begin('SIGINT');
    expect(exits).toEqual([]);
    finish();
    expect(await exited).toBe(0);
  });

  it('a different signal within the window is a second stop: exit 1 at once', async () => {
    const { shutdown, exited, logs } = harness([[{ name: 'HTTP requests in flight', run: never }]], 10_000, 60_000);
    shutdown.begin('SIGINT');
    shutdown.begin('SIGTERM');
    expect(await exited).toBe(1);
    expect(logs.at(-1)).toBe('SIGTERM again: exiting now without waiting for HTTP requests in flight.');
  });

  it('a failed step is named (not its message, which may quote values) and the exit code is 1', async () => {
    const { shutdown, exited, logs } = harness([
      [{ name: 'the database connections', run: async () => Promise.reject(new TypeError('secret 1234 in a statement')) }],
    ]);
    shutdown.begin('SIGTERM');
    expect(await exited).toBe(1);
    expect(logs).toContain('Stopping the database connections failed: TypeError.');
    expect(logs.join('\n')).not.toContain('1234');
  });
});
