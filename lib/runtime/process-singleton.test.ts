import { describe, expect, it, vi } from 'vitest';
import { existingProcessSingleton, processSingleton } from './process-singleton';

describe('processSingleton', () => {
  it('creates a value once per key and hands the same one back', () => {
    const create = vi.fn(() => ({ made: Math.random() }));
    const first = processSingleton('test.once', create);
    expect(processSingleton('test.once', create)).toBe(first);
    expect(create).toHaveBeenCalledTimes(1);
    expect(processSingleton('test.other', () => 'other')).toBe('other');
  });

  it('keeps a null or undefined result rather than creating again', () => {
    const create = vi.fn(() => null);
    expect(processSingleton('test.null', create)).toBeNull();
    expect(processSingleton('test.null', create)).toBeNull();
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('existingProcessSingleton creates nothing', () => {
    expect(existingProcessSingleton('test.absent')).toBeUndefined();
    expect(existingProcessSingleton('test.absent')).toBeUndefined();
    processSingleton('test.present', () => 7);
    expect(existingProcessSingleton('test.present')).toBe(7);
  });

  it('a second copy of the module (as server.ts and each Next.js bundle load) sees the same value', async () => {
    const value = processSingleton('test.copies', () => ({}));
    vi.resetModules();
    const copy = await import('./process-singleton');
    expect(copy.processSingleton).not.toBe(processSingleton);
    expect(copy.processSingleton('test.copies', () => ({}))).toBe(value);
  });
});
