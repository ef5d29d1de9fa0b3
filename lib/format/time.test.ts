import { describe, expect, it } from 'vitest';
import { formatClockTime, formatTime } from './time';

describe('formatTime', () => {
  it('shows UTC to the second with the zone named', () => {
    expect(formatTime(Date.UTC(2026, 11, 2, 0, 24, 22))).toBe('2026-12-02 00:24:22 UTC');
  });
  it('shows a dash for no time', () => {
    expect(formatTime(null)).toBe('—');
    expect(formatTime(undefined)).toBe('—');
  });
});

describe('formatClockTime', () => {
  it('shows the UTC time of day to the second', () => {
    expect(formatClockTime(Date.UTC(2026, 11, 2, 0, 24, 22, 999))).toBe('00:24:22 UTC');
    expect(formatClockTime(Date.UTC(2026, 11, 2, 23, 5, 9))).toBe('23:05:09 UTC');
  });
});
