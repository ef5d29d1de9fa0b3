/**
 * GET /metrics, answered by server.ts before Next.js: the Prometheus text format, for a caller
 * with `Authorization: Bearer <METRICS_TOKEN>` or connecting from an address METRICS_ALLOW names
 * (the same syntax as TRUSTED_PROXIES: addresses, CIDR ranges, loopback / uniquelocal). Neither
 * set: metrics are off (404), so nothing about the server is told to whoever asks.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken } from '../bridges/keys';
import { parseTrustedProxies, TrustedProxiesError, type ProxyTrust } from '../http/trusted-proxies';
import { metrics } from './metrics';

export const METRICS_PATH = '/metrics';
const MIN_TOKEN = 16;
const MAX_TOKEN = 1024;

export type MetricsAccess = { token: Buffer | null; allow: ProxyTrust | null };

export class MetricsSettingsError extends Error {}

/** From METRICS_TOKEN and METRICS_ALLOW; a clear MetricsSettingsError for a bad value. */
export function metricsAccessFromEnv(env: Record<string, string | undefined>): MetricsAccess {
  const token = env.METRICS_TOKEN?.trim() ?? '';
  if (token && (token.length < MIN_TOKEN || token.length > MAX_TOKEN))
    throw new MetricsSettingsError(`METRICS_TOKEN must be ${MIN_TOKEN} to ${MAX_TOKEN} characters (e.g. openssl rand -hex 32).`);
  const allowText = env.METRICS_ALLOW?.trim() ?? '';
  if (/^\d+$/.test(allowText)) throw new MetricsSettingsError('METRICS_ALLOW takes addresses or CIDR ranges (e.g. 10.0.5.0/24,loopback), not a hop count.');
  let allow: ProxyTrust | null = null;
  try {
    allow = allowText ? parseTrustedProxies(allowText) : null;
  } catch (error) {
    throw new MetricsSettingsError(
      `METRICS_ALLOW: ${error instanceof TrustedProxiesError ? error.message.replace(/TRUSTED_PROXIES/g, 'METRICS_ALLOW') : 'not a list of addresses'}`,
    );
  }
  return { token: token ? Buffer.from(token) : null, allow };
}

function tokenMatches(expected: Buffer, given: string | null): boolean {
  if (!given) return false;
  const candidate = Buffer.from(given);
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

function refuse(response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  response.end(JSON.stringify({ error: message }));
}

export async function serveMetrics(request: IncomingMessage, response: ServerResponse, access: MetricsAccess): Promise<void> {
  if (!access.token && !access.allow) return refuse(response, 404, 'Metrics are off: set METRICS_TOKEN or METRICS_ALLOW.');
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'Use GET.', { Allow: 'GET, HEAD' });
  const peer = request.socket.remoteAddress ?? '';
  const byAddress = access.allow?.(peer, 0) ?? false;
  const byToken = access.token ? tokenMatches(access.token, bearerToken(request.headers.authorization ?? null)) : false;
  if (!byAddress && !byToken) {
    return access.token
      ? refuse(response, 401, 'A metrics token is required: Authorization: Bearer <METRICS_TOKEN>.', { 'WWW-Authenticate': 'Bearer realm="pindesk-metrics"' })
      : refuse(response, 403, 'This address may not read the metrics (METRICS_ALLOW).');
  }
  const { registry } = metrics();
  const body = await registry.metrics();
  response.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' });
  response.end(request.method === 'HEAD' ? undefined : body);
}
