import { describe, expect, it } from 'vitest';
import { wholeNumberSetting } from './whole-number-setting';

describe('wholeNumberSetting', () => {
  it.each([
    [undefined, 7],
    ['', 7],
    ['  ', 7],
    ['1', 1],
    [' 42 ', 42],
    ['100', 100],
  ])('%j → %i', (raw, value) => {
    expect(wholeNumberSetting({ SOME_SETTING: raw }, 'SOME_SETTING', 1, 100, 7)).toBe(value);
  });

  it.each(['0', '101', '1.5', '10s', '-3', '1e2', '99999999999999999999'])('refuses %j, naming the setting, the range and the default', (raw) => {
    expect(() => wholeNumberSetting({ SOME_SETTING: raw }, 'SOME_SETTING', 1, 100, 7)).toThrow(
      `SOME_SETTING must be a whole number from 1 to 100 (got "${raw}"); leave it unset for 7.`,
    );
  });

  it('names the unit when given, and quotes at most 40 characters of the value', () => {
    expect(() => wholeNumberSetting({ WAIT_SECONDS: 'x'.repeat(60) }, 'WAIT_SECONDS', 1, 600, 8, 'seconds')).toThrow(
      `WAIT_SECONDS must be a whole number of seconds from 1 to 600 (got "${'x'.repeat(40)}"); leave it unset for 8.`,
    );
  });
});
