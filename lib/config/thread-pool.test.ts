import { describe, expect, it } from 'vitest';
import { libuvThreadPoolSize, libuvThreadsOfThisProcess } from './thread-pool';

describe('libuvThreadPoolSize', () => {
  it('is one thread per core when unset, at least 2', () => {
    expect(libuvThreadPoolSize({}, 2)).toBe(2);
    expect(libuvThreadPoolSize({ UV_THREADPOOL_SIZE: '' }, 16)).toBe(16);
    expect(libuvThreadPoolSize({}, 1)).toBe(2);
  });

  it("keeps the operator's whole number from 1 to 1024", () => {
    expect(libuvThreadPoolSize({ UV_THREADPOOL_SIZE: '4' }, 2)).toBe(4);
    expect(libuvThreadPoolSize({ UV_THREADPOOL_SIZE: '1' }, 8)).toBe(1);
    expect(libuvThreadPoolSize({ UV_THREADPOOL_SIZE: '1024' }, 8)).toBe(1024);
  });

  it('refuses anything else, saying what it got and what is allowed', () => {
    for (const bad of ['0', '1025', '2.5', 'four', '-3', ' ']) {
      expect(() => libuvThreadPoolSize({ UV_THREADPOOL_SIZE: bad }, 2)).toThrow(
        new RegExp(`UV_THREADPOOL_SIZE must be a whole number from 1 to 1024 \\(got "${bad}"\\)`),
      );
    }
  });
});

describe('libuvThreadsOfThisProcess', () => {
  it("is the launcher's UV_THREADPOOL_SIZE, or libuv's 4 when nothing set it", () => {
    expect(libuvThreadsOfThisProcess({ UV_THREADPOOL_SIZE: '2' })).toBe(2);
    expect(libuvThreadsOfThisProcess({})).toBe(4);
    expect(libuvThreadsOfThisProcess({ UV_THREADPOOL_SIZE: '' })).toBe(4);
    expect(() => libuvThreadsOfThisProcess({ UV_THREADPOOL_SIZE: 'two' })).toThrow(/UV_THREADPOOL_SIZE must be a whole number/);
  });
});
