import { describe, expect, it } from 'vitest';
import { ownExtension, ownPhoneNumber } from './own-extension';

describe('ownExtension', () => {
  it.each([
    [{ extension: '100', lineUri: 'tel:+14255550100;ext=100' }, '100'],
    [{ extension: '', lineUri: 'tel:+14255550100;ext=2042' }, '2042'],
    [{ extension: ' ', lineUri: 'TEL:+14255550100;EXT=7;phone-context=x' }, '7'],
    [{ extension: '', lineUri: 'tel:+14255550100' }, null],
    [{ extension: 'n/a', lineUri: '' }, null],
  ])('%j → %j', (user, expected) => {
    expect(ownExtension(user)).toBe(expected);
  });

  it('reads the phone number from the line URI', () => {
    expect(ownPhoneNumber({ lineUri: 'tel:+14255550100;ext=100' })).toBe('+14255550100');
    expect(ownPhoneNumber({ lineUri: 'sip:x@y' })).toBeNull();
  });
});
