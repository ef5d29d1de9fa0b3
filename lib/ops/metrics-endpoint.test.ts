import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { metricsAccessFromEnv, serveMetrics, type MetricsAccess } from './metrics-endpoint';

const servers: http.Server[] = [];
afterEach(() => servers.splice(0).forEach((server) => server.close()));

async function serve(access: MetricsAccess): Promise<string> {
  const server = http.createServer((request, response) => void serveMetrics(request, response, access));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

describe('metricsAccessFromEnv', () => {
  it('takes a token of 16 to 1024 characters and addresses like TRUSTED_PROXIES, and names a bad value', () => {
    expect(metricsAccessFromEnv({})).toEqual({ token: null, allow: null });
    expect(() => metricsAccessFromEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be 16 to 1024 characters/);
    expect(() => metricsAccessFromEnv({ METRICS_ALLOW: '2' })).toThrow(/not a hop count/);
    expect(() => metricsAccessFromEnv({ METRICS_ALLOW: '10.0.0.0/33' })).toThrow(/METRICS_ALLOW/);
    expect(metricsAccessFromEnv({ METRICS_ALLOW: 'loopback' }).allow?.('127.0.0.1', 0)).toBe(true);
  });
});

describe('serveMetrics', () => {
  it('is off (404) with neither setting', async () => {
    expect((await fetch(await serve(metricsAccessFromEnv({})))).status).toBe(404);
  });

  it('answers the token holder (constant-time compare) and refuses others with 401', async () => {
    const url = await serve(metricsAccessFromEnv({ METRICS_TOKEN: 'a-long-enough-metrics-token' }));
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { Authorization: 'Bearer a-long-enough-metrics-tokeX' } })).status).toBe(401);
    const ok = await fetch(url, { headers: { Authorization: 'Bearer a-long-enough-metrics-token' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/plain');
  });

  it('answers an allowed address without a token, and refuses another address with 403', async () => {
    expect((await fetch(await serve(metricsAccessFromEnv({ METRICS_ALLOW: '127.0.0.1' })))).status).toBe(200);
    expect((await fetch(await serve(metricsAccessFromEnv({ METRICS_ALLOW: '10.0.0.0/8' })))).status).toBe(403);
  });
});
