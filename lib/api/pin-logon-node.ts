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
import { SECURITY_HEADERS } from '../http/security-headers.js';

export const PIN_LOGON_PATH = '/api/v1/pin-logon';

export async function servePinLogon(request: IncomingMessage, response: ServerResponse, env: PinLogonEnv): Promise<void> {
  const result = await answerPinLogon({ headers: nodeHeaders(request), readBody: (limit) => readNodeJsonBody(request, limit) }, env);
  const body = JSON.stringify(result.body);
  response.writeHead(result.status, {
    ...Object.fromEntries(SECURITY_HEADERS.map(({ key, value }) => [key, value])),
    ...result.headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    // Answered before the body was read to its end (too large): the rest is not wanted.
    ...(request.complete ? {} : { Connection: 'close' }),
  });
  response.end(body);
}

/**
 * Header lookup as route handlers see it: Next.js fills X-Forwarded-For from the socket when
 * the request has none (base-server.js), and lib/auth/request-info.ts relies on that.
 */
function nodeHeaders(request: IncomingMessage): HeaderReader {
  return {
    get(name: string) {
      const key = name.toLowerCase();
      const value = request.headers[key];
      if (key === 'x-forwarded-for' && value === undefined) return request.socket.remoteAddress ?? null;
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}
