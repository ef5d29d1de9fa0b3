import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead';

/** A source that logs when each item is asked for and when it closes. */
function source(count: number, log: string[], failAt?: number) {
  return (async function* () {
    try {
      for (let i = 0; i < count; i++) {
        log.push(`ask ${i}`);
        await new Promise((resolve) => setImmediate(resolve));
        if (i === failAt) throw new Error(`item ${i} unreadable`);
        yield i;
      }
    } finally {
      log.push('closed');
    }
  })();
}

describe('readAhead', () => {
  it('yields every item in order, asking for the next one before the current one is handled', async () => {
    const log: string[] = [];
    for await (const item of readAhead(source(3, log))) log.push(`handle ${item}`);
    // The source ends (and closes) while the last item is still being handled.
    expect(log).toEqual(['ask 0', 'ask 1', 'handle 0', 'ask 2', 'handle 1', 'closed', 'handle 2']);
  });

  it('raises the source’s error when its item is reached, after the items before it', async () => {
    const log: string[] = [];
    const handled: number[] = [];
    await expect(
      (async () => {
        for await (const item of readAhead(source(5, log, 2))) {
          // The failing read is already under way here; it must not surface as unhandled meanwhile.
          await new Promise((resolve) => setTimeout(resolve, 5));
          handled.push(item);
        }
      })(),
    ).rejects.toThrow('item 2 unreadable');
    expect(handled).toEqual([0, 1]);
    expect(log.at(-1)).toBe('closed');
  });

  it('closes the source when the caller stops early, once the read under way has ended', async () => {
    const log: string[] = [];
    await expect(
      (async () => {
        for await (const item of readAhead(source(5, log))) if (item === 1) throw new Error('the batch could not be written');
      })(),
    ).rejects.toThrow('the batch could not be written');
    expect(log).toEqual(['ask 0', 'ask 1', 'ask 2', 'closed']);
  });
});
