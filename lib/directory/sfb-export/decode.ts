/**
 * Bytes of an uploaded `Get-CsUser | Export-Csv` file → text. Windows PowerShell 5.1 and
 * PowerShell 7 write different encodings (UTF-16 LE with a BOM, UTF-8 with or without one),
 * so the encoding is detected rather than asked for. Line ends become LF so that line
 * numbers and values with line breaks read the same whatever wrote the file.
 */
import { SfbExportError } from './errors';
import { yieldToEventLoop } from './yield-to-event-loop';

export type SfbEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le';

export type DecodedExport = { text: string; encoding: SfbEncoding };

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
/** Decoded this many bytes at a time, yielding to the event loop in between. */
export const DECODE_CHUNK_BYTES = 256 * 1024;
/** How many leading bytes are looked at to recognise UTF-16 without a BOM. */
const SNIFF_BYTES = 1024;

/** The file's size in words an administrator reads: "52.4 MiB". */
export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/** Throws SfbExportError for a file over `maxBytes`, an unsupported encoding or bytes that are not text. */
export async function decodeExport(bytes: Uint8Array, { maxBytes = DEFAULT_MAX_BYTES }: { maxBytes?: number } = {}): Promise<DecodedExport> {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new RangeError(`maxBytes must be a positive whole number of bytes, not ${maxBytes}`);
  // Checked before any decoding, so an oversized upload costs nothing more.
  if (bytes.length > maxBytes)
    throw new SfbExportError(
      'FILE_TOO_LARGE',
      `The file is ${formatSize(bytes.length)}; at most ${formatSize(maxBytes)} can be imported. Export fewer users at a time (for example Get-CsUser -OU "OU=Finance,DC=litwareinc,DC=com" | Export-Csv …) and import each file.`,
    );
  const { encoding, start } = detectEncoding(bytes);
  if (encoding === 'utf-16le' && (bytes.length - start) % 2 !== 0)
    throw new SfbExportError('ENCODING_INVALID', 'The file looks like UTF-16 but has an odd number of bytes: it is cut short or damaged. Export it again.');
  const decoder = new TextDecoder(encoding === 'utf-16le' ? 'utf-16le' : 'utf-8', { fatal: true, ignoreBOM: true });
  const parts: string[] = [];
  let carry = '';
  for (let offset = start; offset < bytes.length; offset += DECODE_CHUNK_BYTES) {
    const end = Math.min(offset + DECODE_CHUNK_BYTES, bytes.length);
    let part: string;
    try {
      part = decoder.decode(bytes.subarray(offset, end), { stream: end < bytes.length });
    } catch {
      throw await invalidTextError(bytes, encoding, offset);
    }
    // A CR at the end of a chunk may be the first half of a CRLF: decide with the next chunk.
    part = carry + part;
    carry = part.endsWith('\r') ? '\r' : '';
    if (carry) part = part.slice(0, -1);
    parts.push(part.replace(/\r\n?/g, '\n'));
    if (end < bytes.length) await yieldToEventLoop();
  }
  if (carry) parts.push('\n');
  return { text: parts.join(''), encoding };
}

function detectEncoding(bytes: Uint8Array): { encoding: SfbEncoding; start: number } {
  const [b0, b1, b2, b3] = bytes;
  // An .xlsx workbook is a zip file: the export was opened in Excel and saved as a workbook.
  if (b0 === 0x50 && b1 === 0x4b && b2 === 3 && b3 === 4)
    throw new SfbExportError(
      'ENCODING_UNSUPPORTED',
      'The file is an Excel workbook (or another zip file), not a CSV file. Upload the file Export-Csv wrote, or in Excel save it as "CSV UTF-8 (Comma delimited)".',
    );
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) throw unsupported('UTF-32');
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8-bom', start: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', start: 2 };
  if (b0 === 0xfe && b1 === 0xff) throw unsupported('UTF-16 big-endian');
  // Without a BOM, UTF-16 text of ASCII letters has a NUL in every other byte.
  const sample = bytes.subarray(0, Math.min(bytes.length, SNIFF_BYTES) & ~1);
  let oddNuls = 0;
  let evenNuls = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenNuls++;
    if (sample[i + 1] === 0) oddNuls++;
  }
  const pairs = sample.length / 2;
  if (pairs > 0 && oddNuls >= pairs * 0.5 && evenNuls < pairs * 0.1) return { encoding: 'utf-16le', start: 0 };
  if (pairs > 0 && evenNuls >= pairs * 0.5 && oddNuls < pairs * 0.1) throw unsupported('UTF-16 big-endian');
  return { encoding: 'utf-8', start: 0 };
}

function unsupported(name: string): SfbExportError {
  return new SfbExportError(
    'ENCODING_UNSUPPORTED',
    `The file is encoded as ${name}, which cannot be imported. Export it again with Export-Csv -Encoding UTF8 (or Unicode, which is UTF-16 little-endian).`,
  );
}

/** Names the line of the first byte that is not valid text, so the administrator can find it. */
async function invalidTextError(bytes: Uint8Array, encoding: SfbEncoding, chunkOffset: number): Promise<SfbExportError> {
  if (encoding === 'utf-16le')
    return new SfbExportError(
      'ENCODING_INVALID',
      `The file is UTF-16 but holds an invalid character after byte ${chunkOffset}: it is damaged. Export it again with Export-Csv -Encoding UTF8.`,
    );
  // Back up to the start of the character the previous chunk may have left unfinished.
  let from = chunkOffset;
  while (from > 0 && chunkOffset - from < 3 && (bytes[from] & 0xc0) === 0x80) from--;
  const bad = firstInvalidUtf8(bytes, from);
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let line = 1;
  for (let at = view.indexOf(0x0a); at !== -1 && at < bad; at = view.indexOf(0x0a, at + 1)) line++;
  return new SfbExportError(
    'ENCODING_INVALID',
    `The file is not valid UTF-8 (line ${line}, byte ${bad}): it was probably saved in a Windows code page. Export it again with Export-Csv -Encoding UTF8, or save it as UTF-8 and upload it again.`,
  );
}

/** Offset of the first byte from `from` that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array, from: number): number {
  let i = from;
  while (i < bytes.length) {
    const c = bytes[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const length = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    // The second byte's range is narrower after E0, ED, F0 and F4 (no overlongs, surrogates or > U+10FFFF).
    const low = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const high = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (let k = 2; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += length;
  }
  return bytes.length;
}
