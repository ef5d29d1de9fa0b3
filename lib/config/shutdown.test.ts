import { describe, expect, it } from 'vitest';
import { shutdownTimeoutMs } from './shutdown';

describe('shutdownTimeoutMs', () => {
  it.each([
    [undefined, 8_000],
    ['', 8_000],
    ['1', 1_000],
    [' 30 ', 30_000],
    ['600', 600_000],
  ])('SHUTDOWN_TIMEOUT_SECONDS=%j → %i ms', (raw, ms) => {
    expect(shutdownTimeoutMs({ SHUTDOWN_TIMEOUT_SECONDS: raw })).toBe(ms);
  });

  it.each(['0', '601', '1.5', '10s', '-3'])('refuses %j with a message saying what is allowed', (raw) => {
    expect(() => shutdownTimeoutMs({ SHUTDOWN_TIMEOUT_SECONDS: raw })).toThrow(
      `SHUTDOWN_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 600 (got "${raw}")`,
    );
  });
});
