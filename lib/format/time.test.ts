import { describe, expect, it } from 'vitest';
import { formatTime } from './time';

describe('formatTime', () => {
  it('shows UTC to the second with the zone named', () => {
    expect(formatTime(Date.UTC(2026, 11, 2, 0, 24, 22))).toBe('2026-12-02 00:24:22 UTC');
  });
  it('shows a dash for no time', () => {
    expect(formatTime(null)).toBe('—');
    expect(formatTime(undefined)).toBe('—');
  });
});
