/**
 * Asks an async source for its next item while the caller works on the current one: a sync
 * reads the directory's next page while it writes the last one, so the directory server and
 * the database work at the same time instead of taking turns (bench:directory-sync).
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let pending = iterator.next();
  try {
    for (;;) {
      const result = await pending;
      if (result.done) return;
      pending = iterator.next();
      // Its failure is seen when it is awaited; until then it must not count as unhandled.
      pending.catch(() => undefined);
      yield result.value;
    }
  } finally {
    // A caller that stops early (an error, a cancel) stops the source too: its connection closes.
    await iterator.return?.();
  }
}
