/**
 * Reads a JSON request body of at most `limit` bytes without buffering more than that, so
 * an oversized body is refused before it is held in memory.
 */
/** Every refusal is a 400: the PIN logon contract answers all malformed input that way. */
export type BodyResult = { ok: true; value: unknown } | { ok: false; error: string };

export async function readJsonBody(request: Request, limit: number): Promise<BodyResult> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    return { ok: false, error: 'Send the body as JSON with Content-Type: application/json.' };
  }
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return tooLarge(limit);
  if (!request.body) return { ok: false, error: 'The request has no body; send a JSON object.' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return tooLarge(limit);
    }
    chunks.push(value);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false, error: 'The body is not valid JSON.' };
  }
}

function tooLarge(limit: number): BodyResult {
  return { ok: false, error: `The body is larger than ${limit.toLocaleString('en-US')} bytes.` };
}
