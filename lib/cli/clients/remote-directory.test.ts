/**
 * Remote mode's directory calls against a real HTTP server on loopback standing in for
 * PinDesk: the CSV goes as the body with Content-Type text/csv and the query, a started run
 * is polled until it ends with its progress reported, and a refusal comes back as its message.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCounts } from '../commands/directory';
import { createRemoteClient } from './remote';

let server: http.Server;
let base: string;
const seen: { method?: string; url?: string; type?: string; body: string }[] = [];
let polls = 0;

const counts = (created: number) => ({ read: created, created, changed: 0, unchanged: 0, disabled: 0, removed: 0, restored: 0, deprovisioned: 0, skipped: 0 });

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (d) => (body += d));
    request.on('end', () => {
      seen.push({ method: request.method, url: request.url, type: request.headers['content-type'], body });
      const send = (status: number, value: unknown) => {
        response.writeHead(status, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (request.url?.startsWith('/api/v1/directory/import')) return send(202, { runId: 'run-1' });
      if (request.url === '/api/v1/directory/runs/run-1') {
        polls++;
        return send(200, { id: 'run-1', status: polls < 3 ? 'running' : 'succeeded', ...counts(polls * 10), problems: [], message: '' });
      }
      if (request.url === '/api/v1/directory/runs/endless') return send(200, { id: 'endless', status: 'running', ...counts(1), problems: [], message: '' });
      if (request.url?.startsWith('/api/v1/directory/sync'))
        return send(409, { error: 'Another directory sync is running (on dc-host:1).', code: 'SYNC_RUNNING' });
      send(404, { error: 'no' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('remote client, directory', () => {
  it('sends the file as text/csv with the domain, then polls the run until it ends', async () => {
    const client = createRemoteClient(base, 'pdt_test');
    const { runId } = await client.startUserImport({ bytes: Buffer.from('"SipAddress"\r\n'), domain: 'LITWAREINC' });
    expect(runId).toBe('run-1');
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/api/v1/directory/import?domain=LITWAREINC', type: 'text/csv', body: '"SipAddress"\r\n' });
    const progress: number[] = [];
    const run = await client.waitForDirectoryRun(runId, (c) => progress.push(c.created));
    expect(run).toMatchObject({ status: 'succeeded', created: 30 });
    expect(progress).toEqual([10, 20]);
  }, 10_000);

  it("a stop ends the waiting at once with the signal's reason (the run is the server's)", async () => {
    const stop = new AbortController();
    const reason = new Error('stopped by SIGINT');
    setTimeout(() => stop.abort(reason), 300);
    const started = Date.now();
    const error = await createRemoteClient(base, 'pdt_test')
      .waitForDirectoryRun('endless', () => undefined, stop.signal)
      .catch((e: Error) => e);
    expect(error).toBe(reason);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('a refusal is its message', async () => {
    const error = await createRemoteClient(base, 'pdt_test')
      .startDirectorySync({})
      .catch((e: Error) => e);
    expect(error).toMatchObject({ message: 'Another directory sync is running (on dc-host:1).', status: 409, code: 'SYNC_RUNNING' });
  });
});

describe('describeCounts', () => {
  it('says every count, in the preview’s words', () => {
    expect(describeCounts({ ...counts(124), changed: 12, disabled: 3, removed: 2, skipped: 4, read: 2000 })).toBe(
      '124 new, 12 changed, 3 disabled, 2 removed, 0 restored, 0 deprovisioned, 4 skipped',
    );
  });
});
