import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noteDatabaseUnavailable, serveWithOutageStatus } from './request-outage';

/** A real server whose handler, like Next.js, answers a failure with a plain 500 of its own. */
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((request, response) =>
    serveWithOutageStatus(response, async () => {
      await new Promise((resolve) => setImmediate(resolve)); // the note comes from deeper async work
      if (request.url === '/db-down-500' || request.url === '/db-down-200') noteDatabaseUnavailable();
      if (request.url === '/db-down-200') return response.end('fine after all');
      response.statusCode = 500;
      response.end('error page');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('serveWithOutageStatus', () => {
  it('turns a 500 sent after the database was found unavailable into 503 with Retry-After', async () => {
    const response = await fetch(`${base}/db-down-500`);
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await response.text()).toBe('error page');
  });

  it('leaves other 500s, and successes after a noted outage, as they are', async () => {
    const other = await fetch(`${base}/other-500`);
    expect(other.status).toBe(500);
    expect(other.headers.get('retry-after')).toBeNull();
    expect((await fetch(`${base}/db-down-200`)).status).toBe(200);
  });

  it('keeps each request to its own note, under concurrency', async () => {
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => fetch(`${base}/${i % 2 ? 'db-down-500' : 'other-500'}`).then((r) => r.status)));
    expect(statuses).toEqual(Array.from({ length: 20 }, (_, i) => (i % 2 ? 503 : 500)));
  });

  it('outside a request, noting does nothing', () => {
    expect(() => noteDatabaseUnavailable()).not.toThrow();
  });
});
