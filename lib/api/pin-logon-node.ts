/**
 * POST /api/v1/pin-logon on Node's own request and response, for the production server
 * (server.ts): the same answer as the Next.js route (pin-logon-handler.ts) without building
 * web Request / Response objects or passing through Next.js's router, which together cost a
 * logon more CPU than its SQL (bench/logon-http.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HeaderReader } from '../auth/request-info';
import { answerPinLogon, type PinLogonEnv } from './pin-logon-handler';
import { readNodeJsonBody } from './read-json-body';
import { clientAddressOf } from '../http/client-address';
import { CLIENT_ADDRESS_HEADER } from '../http/client-headers';
import { API_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../http/security-headers.js';
import { configuredProxyTrust, type ProxyTrust } from '../http/trusted-proxies';

export const PIN_LOGON_PATH = '/api/v1/pin-logon';

/** `trust`: the proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES unless a test passes its own). */
export async function servePinLogon(
  request: IncomingMessage,
  response: ServerResponse,
  env: PinLogonEnv,
  trust: ProxyTrust = configuredProxyTrust(),
): Promise<void> {
  const result = await answerPinLogon({ headers: nodeHeaders(request, trust), readBody: (limit) => readNodeJsonBody(request, limit) }, env);
  const body = JSON.stringify(result.body);
  response.writeHead(result.status, {
    ...Object.fromEntries([...SECURITY_HEADERS, ...API_CONTENT_SECURITY_POLICY].map(({ key, value }) => [key, value])),
    ...result.headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    // Answered before the body was read to its end (too large): the rest is not wanted.
    ...(request.complete ? {} : { Connection: 'close' }),
  });
  response.end(body);
}

/**
 * Header lookup as route handlers see it, except that the client's address is derived here
 * from the socket (and TRUSTED_PROXIES), whatever the request says: the handler reads it
 * through lib/auth/request-info.ts, and only when the bridge key is valid.
 */
function nodeHeaders(request: IncomingMessage, trust: ProxyTrust): HeaderReader {
  return {
    get(name: string) {
      const key = name.toLowerCase();
      if (key === CLIENT_ADDRESS_HEADER) return clientAddressOf(request, trust);
      const value = request.headers[key];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}
