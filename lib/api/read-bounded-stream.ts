/**
 * Reads a web request body of at most `limit` bytes without holding more than that: a body
 * that grows past it is cancelled as soon as it does, so neither a large declared body nor
 * an endless chunked one is buffered.
 */
export type BoundedRead = { ok: true; bytes: Buffer } | { ok: false; size: number };

export async function readBoundedStream(body: ReadableStream<Uint8Array>, limit: number): Promise<BoundedRead> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, size };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: Buffer.concat(chunks, size) };
}
