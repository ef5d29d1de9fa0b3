/**
 * Reads a JSON request body of at most `limit` bytes without buffering more than that, so
 * an oversized body is refused before it is held in memory. Two transports, one set of
 * answers: a web Request (Next.js route handlers) and Node's IncomingMessage (server.ts).
 */
import type { IncomingMessage } from 'node:http';
import { readBoundedStream } from './read-bounded-stream';

/**
 * The PIN logon contract answers every refusal with a 400; routes that answer a body over the
 * limit with a 413 tell it by `tooLarge`.
 */
export type BodyResult = { ok: true; value: unknown } | { ok: false; error: string; tooLarge?: true };

export async function readJsonBody(request: Request, limit: number): Promise<BodyResult> {
  const refused = checkHeaders(request.headers.get('content-type'), request.headers.get('content-length'), limit);
  if (refused) return refused;
  if (!request.body) return noBody();
  const read = await readBoundedStream(request.body, limit);
  return read.ok ? parse(read.bytes.byteLength > 0 ? [read.bytes] : []) : tooLarge(limit);
}

/**
 * The same for Node's request. It answers as soon as the body is too large, without reading
 * the rest: the caller then closes the connection (Connection: close), so neither a large
 * declared body nor an endless chunked one keeps the socket busy.
 */
export function readNodeJsonBody(request: IncomingMessage, limit: number): Promise<BodyResult> {
  const refused = checkHeaders(header(request, 'content-type'), header(request, 'content-length'), limit);
  if (refused) return Promise.resolve(refused);
  const gone: BodyResult = { ok: false, error: 'The request body could not be read.' };
  if (request.destroyed) return Promise.resolve(gone);
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        request.off('data', onData);
        request.pause();
        resolve(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => resolve(parse(chunks)));
    request.once('error', () => resolve(gone));
    // A client that went away before the end: no 'end' comes (resolving twice is harmless).
    request.once('close', () => resolve(gone));
  });
}

function header(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' ? value : null;
}

function checkHeaders(contentType: string | null, contentLength: string | null, limit: number): BodyResult | null {
  if (!/^application\/json\b/i.test(contentType ?? '')) {
    return { ok: false, error: 'Send the body as JSON with Content-Type: application/json.' };
  }
  const declared = Number(contentLength ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return tooLarge(limit);
  return null;
}

function parse(chunks: Uint8Array[]): BodyResult {
  if (chunks.length === 0) return noBody();
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false, error: 'The body is not valid JSON.' };
  }
}

function noBody(): BodyResult {
  return { ok: false, error: 'The request has no body; send a JSON object.' };
}

function tooLarge(limit: number): BodyResult {
  return { ok: false, error: `The body is larger than ${limit.toLocaleString('en-US')} bytes.`, tooLarge: true };
}
