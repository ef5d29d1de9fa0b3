/**
 * A supervisor's stop reaches the server (issue 19, item 4): SIGTERM to the npm process of a
 * real `npm start` ends every process of its tree, within a generous bound, and frees the port
 * for the next start; `kill -9` of npm or of scripts/start.ts (nothing relays) makes the server
 * leave too.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../lib/config/project-root';
import { BUILD_TIMEOUT_MS, ensureProductionBuild } from './production-build';
import { freePort, isListening } from '../../scripts/production-server';
import { captureOutput, commandOf, isRunning, processTree, startedProcesses, waitUntil } from './process-tree';

// Measured: the whole tree is gone about 1 s after the signal. The bound is the server's own
// stop bound (8 s) plus room for a busy machine.
const GONE_WITHIN_MS = 30_000;
const START_WITHIN_MS = 90_000;

const seen = startedProcesses();
afterEach(() => seen.killLeftovers());

beforeAll(() => ensureProductionBuild(), BUILD_TIMEOUT_MS);

/** `npm start` as a supervisor runs it; resolves once it says it is listening. */
async function npmStart(port: number) {
  const npm = spawn('npm', ['start'], {
    cwd: projectRoot(),
    // NODE_ENV=production: secrets from the environment (the suite's), no demo directory seeded.
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  seen.add(npm.pid!);
  const output = captureOutput(npm);
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  await waitUntil(
    `npm start to listen on ${port}`,
    () => {
      if (npm.exitCode !== null) throw new Error(`npm start exited (${npm.exitCode}):\n${output()}`);
      return output().includes(`PinDesk is listening on http://localhost:${port}`);
    },
    START_WITHIN_MS,
  );
  const tree = processTree(npm.pid!);
  for (const pid of tree) seen.add(pid);
  const startTs = tree.find((pid) => commandOf(pid).includes('scripts/start.ts'));
  const server = tree.find((pid) => commandOf(pid).includes('server.ts'));
  if (!startTs || !server) throw new Error(`start.ts or server.ts not found in ${tree.map((p) => `${p}: ${commandOf(p)}`).join('; ')}`);
  return { npm, tree, startTs, server, output, exited };
}

describe('npm start under a supervisor', () => {
  it('SIGTERM to the npm process stops the whole tree and frees the port for the next start', async () => {
    const port = await freePort();
    const first = await npmStart(port);
    expect(await isListening(port)).toBe(true);

    first.npm.kill('SIGTERM');
    await waitUntil('every process of npm start to end', () => first.tree.every((pid) => !isRunning(pid)), GONE_WITHIN_MS);
    expect(await first.exited).toBe(0);
    expect(await isListening(port)).toBe(false);
    // The server stopped in order: its final audit checkpoint and the all-clear are in the log.
    expect(first.output()).toContain('[server] SIGTERM: stopping');
    expect(first.output()).toContain('[server] Stopped cleanly.');

    // The restart a supervisor makes next starts on the same port.
    const second = await npmStart(port);
    second.npm.kill('SIGTERM');
    await waitUntil('the second npm start to end', () => second.tree.every((pid) => !isRunning(pid)), GONE_WITHIN_MS);
  }, 240_000);

  it('SIGTERM to npm, which then exits, while a request is in flight: one stop, answered, no forced exit', async () => {
    const port = await freePort();
    const started = await npmStart(port);
    // Headers not finished yet: the server's stop waits for this request.
    const client = net.connect(port, '127.0.0.1', () => client.write('GET /api/health HTTP/1.1\r\nHost: pindesk\r\n'));
    client.on('error', () => {});
    const answer = new Promise<string>((resolve) => {
      let text = '';
      client.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      client.on('close', () => resolve(text));
    });
    await new Promise((resolve) => client.once('connect', resolve));
    // Until the server has read the request's first bytes, the connection is idle and a stop closes it.
    await new Promise((resolve) => setTimeout(resolve, 500));

    started.npm.kill('SIGTERM');
    // npm 11 waits for start.ts after passing the signal on; a parent that exits instead (an
    // older npm, a supervisor's wrapper) leaves start.ts re-parented: its orphan check must not
    // pass on a second stop, which the server, more than a second into its stop, obeys at once.
    await waitUntil('the server to begin its stop', () => started.output().includes('[server] SIGTERM: stopping'), GONE_WITHIN_MS);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    process.kill(started.npm.pid!, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    client.write('Connection: close\r\n\r\n');
    expect(await answer, started.output()).toMatch(/^HTTP\/1\.1 200/);
    await waitUntil('start.ts and the server to end', () => !isRunning(started.startTs) && !isRunning(started.server), GONE_WITHIN_MS);
    expect(started.output()).toContain('[server] Stopped cleanly.');
    expect(started.output()).not.toContain('exiting now');
  }, 240_000);

  it('kill -9 of the npm process: start.ts notices it is orphaned and stops the server', async () => {
    const port = await freePort();
    const started = await npmStart(port);

    process.kill(started.npm.pid!, 'SIGKILL');
    await waitUntil('start.ts and the server to end', () => !isRunning(started.startTs) && !isRunning(started.server), GONE_WITHIN_MS);
    expect(await isListening(port)).toBe(false);
    expect(started.output()).toContain('[server] Stopped cleanly.');
  }, 240_000);

  it('kill -9 of scripts/start.ts: the server notices and leaves, freeing the port', async () => {
    const port = await freePort();
    const started = await npmStart(port);

    process.kill(started.startTs, 'SIGKILL');
    await waitUntil('the server to leave', () => !isRunning(started.server), GONE_WITHIN_MS);
    expect(await isListening(port)).toBe(false);
    expect(started.output()).toContain('[server] The process that started this server (npm start) is gone: stopping');
  }, 240_000);
});
