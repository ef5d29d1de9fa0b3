/**
 * Remote mode when the connection breaks: a change whose request may have reached the server
 * says it may have been made (a generated PIN nobody saw must be set again); a request that
 * never left, and any read, say only that the server cannot be reached. A real HTTP server on
 * loopback that drops the connection after reading the request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteClient } from './remote';

let server: http.Server;
let base: string;
const dropped: string[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    dropped.push(`${request.method} ${request.url}`);
    if (request.url?.startsWith('/api/v1/pins/lock')) {
      // The answer starts, then the connection breaks mid-body.
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      response.write('{"Identity":');
      setTimeout(() => request.socket.destroy(), 20);
      return;
    }
    request.resume();
    request.on('end', () => request.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const mayHaveChanged =
  /The server may have made the change before the connection broke: check it .* before trying again; a generated PIN that was not shown must be set again\.$/;

describe('remote client, connection broken', () => {
  it('Set-CsClientPin whose answer never came: the PIN may have been set, and the error says so', async () => {
    const client = createRemoteClient(base, 'pdt_test');
    const error = await client.setPin({ identity: 'kenmyer@litwareinc.com' }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(new RegExp(`^cannot reach ${base.replace(/[.]/g, '\\.')} \\(.+\\); check PINDESK_URL\\.`));
    expect((error as Error).message).toMatch(mayHaveChanged);
    expect(dropped).toContain('POST /api/v1/pins/set');
  });

  it('an answer cut off mid-body after a lock: the lock may have been made', async () => {
    const error = await createRemoteClient(base, 'pdt_test')
      .lockPin({ identity: 'kenmyer@litwareinc.com' })
      .catch((e: Error) => e);
    expect((error as Error).message).toMatch(/^the connection to .+ broke while its answer was read/);
    expect((error as Error).message).toMatch(mayHaveChanged);
  });

  it('a read, or a -WhatIf, changes nothing: no such warning', async () => {
    const client = createRemoteClient(base, 'pdt_test');
    for (const call of [client.getPinInfo('kenmyer@litwareinc.com'), client.setPin({ identity: 'kenmyer@litwareinc.com', whatIf: true })]) {
      const error = await call.catch((e: Error) => e);
      expect((error as Error).message).toMatch(/^cannot reach /);
      expect((error as Error).message).not.toMatch(/may have made the change/);
    }
  });

  it('a refused connection never sent the request: no such warning', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await createRemoteClient(`http://127.0.0.1:${port}`, 'pdt_test')
      .setPin({ identity: 'kenmyer@litwareinc.com' })
      .catch((e: Error) => e);
    expect((error as Error).message).toMatch(/^cannot reach .*ECONNREFUSED/);
    expect((error as Error).message).not.toMatch(/may have made the change/);
  });
});
