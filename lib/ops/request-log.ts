/**
 * One log line per HTTP request (server.ts), with a request id that is also sent back as
 * X-Request-Id and handed to Next.js in the request: an id the caller (or its proxy) sent is
 * kept when it looks like one, so a proxy's id and PinDesk's line can be matched. The path is
 * logged without its query string, which might hold something a caller typed.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type pino from 'pino';

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(given: string | string[] | undefined): string {
  const value = Array.isArray(given) ? given[0] : given;
  return value && REQUEST_ID.test(value) ? value : randomUUID();
}

/** Tags the request with its id and logs it once the response is sent (or the connection closes first). */
export function logRequest(log: pino.Logger, request: IncomingMessage, response: ServerResponse, clientAddress: () => string): string {
  const reqId = requestIdOf(request.headers[REQUEST_ID_HEADER]);
  request.headers[REQUEST_ID_HEADER] = reqId;
  response.setHeader('X-Request-Id', reqId);
  const started = performance.now();
  let logged = false;
  const done = (aborted: boolean) => {
    if (logged) return;
    logged = true;
    const path = (request.url ?? '/').split('?')[0].slice(0, 512);
    log.info(
      {
        reqId,
        method: request.method,
        path,
        status: response.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
        client: clientAddress(),
        ...(aborted ? { aborted: true } : {}),
      },
      'request',
    );
  };
  response.once('finish', () => done(false));
  response.once('close', () => done(!response.writableFinished));
  return reqId;
}
