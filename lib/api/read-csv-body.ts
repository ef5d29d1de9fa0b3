/**
 * Reads an uploaded file (a CSV request body) of at most `limit` bytes without buffering more
 * than that: a declared Content-Length over the limit is refused before reading, and a body
 * that grows past it (chunked) is cancelled as soon as it does.
 */
import { fileTooLargeMessage } from '../scripting/directory-limits';
import { readBoundedStream } from './read-bounded-stream';

export type CsvBodyResult = { ok: true; bytes: Uint8Array } | { ok: false; status: number; code: string; error: string };

const CSV_TYPES = /^(text\/csv|application\/octet-stream)\b/i;

export async function readCsvBody(request: Request, limit: number): Promise<CsvBodyResult> {
  if (!CSV_TYPES.test(request.headers.get('content-type') ?? ''))
    return {
      ok: false,
      status: 415,
      code: 'INVALID_INPUT',
      error: 'Send the file itself as the request body with Content-Type: text/csv (curl --data-binary @users.csv -H "Content-Type: text/csv").',
    };
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return tooLarge(declared);
  if (!request.body) return empty();
  const read = await readBoundedStream(request.body, limit);
  if (!read.ok) return tooLarge(read.size);
  if (read.bytes.byteLength === 0) return empty();
  return { ok: true, bytes: read.bytes };
}

function tooLarge(size: number): CsvBodyResult {
  return { ok: false, status: 413, code: 'FILE_TOO_LARGE', error: fileTooLargeMessage(size, 'The request body') };
}

function empty(): CsvBodyResult {
  return { ok: false, status: 400, code: 'FILE_EMPTY', error: 'The request has no body: send the CSV file from Get-CsUser | Export-Csv as the body.' };
}
