/**
 * The server's stop is bounded (SHUTDOWN_TIMEOUT_SECONDS): a client that never finishes its
 * request cannot hold it up; past the bound the server exits 1 and names what did not finish.
 */
import net from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, isListening, startProductionServer } from '../../scripts/production-server';
import { BUILD_TIMEOUT_MS, ensureProductionBuild } from './production-build';
import { startedProcesses } from './process-tree';

const seen = startedProcesses();
afterEach(() => seen.killLeftovers());

beforeAll(() => ensureProductionBuild(), BUILD_TIMEOUT_MS);

describe('the server stop bound', () => {
  it('a request that never completes: exit 1 after the bound, naming the requests in flight', async () => {
    const port = await freePort();
    const server = await startProductionServer(port, { SHUTDOWN_TIMEOUT_SECONDS: '2' });
    seen.add(server.pid);
    // Headers never finished: the request is in flight for as long as the client likes.
    const client = net.connect(port, '127.0.0.1', () => client.write('GET /api/health HTTP/1.1\r\nHost: pindesk\r\n'));
    client.on('error', () => {});
    await new Promise((resolve) => client.once('connect', resolve));
    await new Promise((resolve) => setTimeout(resolve, 200));

    const signalled = Date.now();
    process.kill(server.pid, 'SIGTERM');
    const exit = await server.exited;
    const took = Date.now() - signalled;
    client.destroy();
    expect(exit.code).toBe(1);
    // At the bound, not before; a generous margin after it for a busy machine.
    expect(took).toBeGreaterThanOrEqual(1_900);
    expect(took).toBeLessThan(20_000);
    expect(server.output()).toContain(
      '[server] The stop did not finish within 2 s (SHUTDOWN_TIMEOUT_SECONDS); still waiting for: HTTP requests in flight. Exiting with code 1.',
    );
    expect(await isListening(port)).toBe(false);
  }, 180_000);
});
