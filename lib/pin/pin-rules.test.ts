import { describe, expect, it } from 'vitest';
import { commonPins } from './common-pins';
import {
  assertValidPin,
  checkPinFormat,
  commonPatternMessages,
  findCommonPatterns,
  hasConsecutiveRun,
  isRepeatingPattern,
  matchesUserNumbers,
  phoneDigits,
  type CommonPatternRule,
  type UserNumbers,
} from './pin-rules';
import { defaultGlobalPolicy, MAX_PIN_LENGTH } from './policy';
import { kenMyer, pilarAckerman, pinErrorOf, policy } from './testing/fixtures';
import type { PinPolicy } from './types';

const ken = kenMyer();
const strict = (minPasswordLength = 5): PinPolicy => policy('global', { minPasswordLength });
const lenient = (minPasswordLength = 5): PinPolicy => policy('global', { minPasswordLength, allowCommonPatterns: true });

describe('PIN format (ASCII digits, MinPasswordLength..24)', () => {
  it.each([
    ['letters', '12a45', 'PIN_NOT_DIGITS'],
    ['all letters', 'abcdef', 'PIN_NOT_DIGITS'],
    ['a space inside', '123 456', 'PIN_NOT_DIGITS'],
    ['a leading space', ' 135790', 'PIN_NOT_DIGITS'],
    ['a trailing newline', '135790\n', 'PIN_NOT_DIGITS'],
    ['a plus sign', '+135790', 'PIN_NOT_DIGITS'],
    ['a minus sign', '-13579', 'PIN_NOT_DIGITS'],
    ['a decimal point', '1357.9', 'PIN_NOT_DIGITS'],
    ['an Arabic-Indic digit ٣', '1357٣9', 'PIN_NOT_DIGITS'],
    ['only Arabic-Indic digits', '٣٣٣٣٣', 'PIN_NOT_DIGITS'],
    ['fullwidth digits', '１３５７９', 'PIN_NOT_DIGITS'],
    ['the empty string', '', 'PIN_NOT_DIGITS'],
    ['too short for MinPasswordLength 5', '7294', 'PIN_TOO_SHORT'],
    ['25 digits', '1357913579135791357913579', 'PIN_TOO_LONG'],
    ['40 digits', '7294'.repeat(10), 'PIN_TOO_LONG'],
  ])('rejects %s', (_label, pin, code) => {
    // The lenient policy proves the format check does not depend on the pattern rules.
    for (const p of [strict(), lenient()]) {
      expect(pinErrorOf(() => assertValidPin(pin, p, ken)).code).toBe(code);
    }
  });

  it('rejects a non-string PIN as not digits', () => {
    expect(pinErrorOf(() => assertValidPin(13579 as unknown as string, lenient(), ken)).code).toBe('PIN_NOT_DIGITS');
  });

  it('names the limits in the error details', () => {
    expect(pinErrorOf(() => assertValidPin('7294', strict(5), ken)).details).toEqual({ min: 5 });
    expect(pinErrorOf(() => assertValidPin('1'.repeat(25), lenient(5), ken)).details).toEqual({ max: 24 });
  });

  it('accepts exactly MinPasswordLength and exactly 24 digits', () => {
    expect(MAX_PIN_LENGTH).toBe(24);
    expect(() => assertValidPin('72948', strict(5), ken)).not.toThrow();
    expect(() => assertValidPin('7294', strict(4), ken)).not.toThrow();
    const twentyFour = '729481639275148362958174';
    expect(twentyFour).toHaveLength(24);
    expect(() => assertValidPin(twentyFour, strict(5), ken)).not.toThrow();
    expect(() => assertValidPin(twentyFour, strict(24), ken)).not.toThrow();
    expect(pinErrorOf(() => assertValidPin(twentyFour.slice(0, 23), strict(24), ken)).code).toBe('PIN_TOO_SHORT');
  });

  it('follows MinPasswordLength of the policy given', () => {
    expect(() => assertValidPin('729481', strict(6), ken)).not.toThrow();
    expect(pinErrorOf(() => assertValidPin('72948', strict(6), ken)).code).toBe('PIN_TOO_SHORT');
    expect(pinErrorOf(() => assertValidPin('729481', strict(7), ken)).code).toBe('PIN_TOO_SHORT');
  });

  it('keeps leading zeros: the PIN is a string and its length counts them', () => {
    // 5 digits, 2 of them leading zeros: long enough for MinPasswordLength 5.
    expect(() => assertValidPin('00729', strict(5), ken)).not.toThrow();
    expect(pinErrorOf(() => assertValidPin('0729', strict(5), ken)).code).toBe('PIN_TOO_SHORT');
    expect(checkPinFormat('00729', 5)).toBeNull();
  });

  it('135790 passes the default policy', () => {
    expect(() => assertValidPin('135790', defaultGlobalPolicy(), ken)).not.toThrow();
    expect(findCommonPatterns('135790', ken)).toEqual([]);
  });
});

describe('common patterns', () => {
  // Each positive case breaks exactly the rule named (and no earlier one), so the rule the
  // error reports is the one under test.
  const cases: Array<{ rule: CommonPatternRule; pin: string; user?: UserNumbers; min?: number }> = [
    // 1. repeating digits
    { rule: 'repeating-digits', pin: '222222' },
    { rule: 'repeating-digits', pin: '225577' },
    { rule: 'repeating-digits', pin: '11223344' },
    { rule: 'repeating-digits', pin: '408408' },
    { rule: 'repeating-digits', pin: '1212', min: 4 },
    { rule: 'repeating-digits', pin: '00000' },
    { rule: 'repeating-digits', pin: '9999999999999999999999' },
    { rule: 'repeating-digits', pin: '729729729' },
    // 2. 4+ consecutive digits, anywhere
    { rule: 'consecutive-digits', pin: '991234' },
    { rule: 'consecutive-digits', pin: '198765' },
    { rule: 'consecutive-digits', pin: '12345' },
    { rule: 'consecutive-digits', pin: '3210', min: 4 },
    { rule: 'consecutive-digits', pin: '7290123' },
    { rule: 'consecutive-digits', pin: '8356789' },
    // 3. phone or extension
    { rule: 'phone-or-extension', pin: '4719', min: 4, user: pilarAckerman() }, // the extension
    { rule: 'phone-or-extension', pin: '9174', min: 4, user: pilarAckerman() }, // the extension reversed
    { rule: 'phone-or-extension', pin: '42555' }, // inside the line URI digits 14255550100
    { rule: 'phone-or-extension', pin: '5550100' },
    { rule: 'phone-or-extension', pin: '14255550100' },
    { rule: 'phone-or-extension', pin: '206555' }, // inside otherPhones +1 (206) 555-0188
    { rule: 'phone-or-extension', pin: '0100', min: 4 },
    // 4. shipped common list
    { rule: 'common-pin', pin: '2580', min: 4 },
    { rule: 'common-pin', pin: '1379', min: 4 },
    { rule: 'common-pin', pin: '0852', min: 4 },
    { rule: 'common-pin', pin: '25800' },
    { rule: 'common-pin', pin: '147258' },
  ];

  it.each(cases)('$pin breaks $rule', ({ rule, pin, user = ken, min = 5 }) => {
    const error = pinErrorOf(() => assertValidPin(pin, strict(min), user));
    expect(error.code).toBe('PIN_COMMON_PATTERN');
    expect(error.details).toEqual({ rule });
    // A fixed text per rule: it never echoes the PIN being rejected.
    expect(error.message).toBe(commonPatternMessages[rule]);
    expect(findCommonPatterns(pin, user)[0]).toBe(rule);
  });

  it.each(cases)('$pin is accepted when AllowCommonPatterns is true', ({ pin, user = ken, min = 5 }) => {
    expect(() => assertValidPin(pin, lenient(min), user)).not.toThrow();
  });

  // Near misses: each one breaks no rule at all.
  it.each([
    ['135790', 'the reference PIN'],
    ['225578', 'pairs but ending in a single digit'],
    ['408409', 'a block almost repeated'],
    ['12124', 'a block repeated with a tail'],
    ['2220', 'a run then a different digit', 4],
    ['991235', 'only 3 ascending digits'],
    ['198754', 'only 3 descending digits'],
    ['7890', '9→0 does not wrap round', 4],
    ['135791', 'steps of 2 are not consecutive'],
    ['31007', 'contains the extension 100 but does not equal it'],
    ['00100', 'the extension padded is not the extension'],
    ['7294', 'a 4-digit PIN on no list', 4],
    ['550100', "part of Ken's number, not of Pilar's", 6, pilarAckerman()],
  ] as Array<[string, string, number?, UserNumbers?]>)('%s passes (%s)', (pin, _why, min = 5, user = ken) => {
    expect(findCommonPatterns(pin, user)).toEqual([]);
    expect(() => assertValidPin(pin, strict(min), user)).not.toThrow();
  });

  it('reports every broken rule in the order of the spec, and the first one in the error', () => {
    // An extension that is itself a sequence: both rules 2 and 3 fire, rule 2 is reported.
    const user = { extension: '4321', lineUri: 'tel:+14255554321', otherPhones: [] };
    expect(findCommonPatterns('4321', user)).toEqual(['consecutive-digits', 'phone-or-extension']);
    expect(findCommonPatterns('1234', user)).toEqual(['consecutive-digits', 'phone-or-extension']);
    expect(pinErrorOf(() => assertValidPin('1234', strict(4), user)).details).toEqual({ rule: 'consecutive-digits' });
    expect(findCommonPatterns('1212', ken)).toEqual(['repeating-digits', 'common-pin']);
  });

  it('isRepeatingPattern', () => {
    for (const pin of ['1111', '2233', '112233', '408408', '1212', '123123', '9090909090']) expect(isRepeatingPattern(pin), pin).toBe(true);
    for (const pin of ['1121', '12121', '135790', '4084081', '2230']) expect(isRepeatingPattern(pin), pin).toBe(false);
  });

  it('hasConsecutiveRun looks for runs of the given length anywhere', () => {
    expect(hasConsecutiveRun('991234', 4)).toBe(true);
    expect(hasConsecutiveRun('198765', 4)).toBe(true);
    expect(hasConsecutiveRun('123', 4)).toBe(false);
    expect(hasConsecutiveRun('12312', 4)).toBe(false);
    expect(hasConsecutiveRun('0123', 4)).toBe(true);
    expect(hasConsecutiveRun('1232', 3)).toBe(true);
  });

  it('matchesUserNumbers: extension (or reversed) equals, phone digits contain', () => {
    const user = { extension: '4719', lineUri: 'tel:+14255550123;ext=4719', otherPhones: ['+44 20 7946 0958'] };
    expect(matchesUserNumbers('4719', user)).toBe(true);
    expect(matchesUserNumbers('9174', user)).toBe(true);
    expect(matchesUserNumbers('47190', user)).toBe(false);
    expect(matchesUserNumbers('550123', user)).toBe(true);
    expect(matchesUserNumbers('79460958', user)).toBe(true);
    expect(matchesUserNumbers('79460959', user)).toBe(false);
    // The extension part of the line URI is not a phone number to search.
    expect(matchesUserNumbers('01234719', user)).toBe(false);
    // No numbers at all: nothing matches.
    expect(matchesUserNumbers('72948', { extension: '', lineUri: '', otherPhones: [] })).toBe(false);
  });

  it('phoneDigits drops formatting and the extension', () => {
    expect(phoneDigits('tel:+14255550100;ext=100')).toBe('14255550100');
    expect(phoneDigits('+1 (425) 555-0100')).toBe('14255550100');
    expect(phoneDigits('TEL:+14255550100;EXT=100')).toBe('14255550100');
  });

  it('the shipped list holds only digit strings of valid PIN lengths', () => {
    expect(commonPins.size).toBeGreaterThan(50);
    for (const pin of commonPins) expect(pin, pin).toMatch(/^[0-9]{4,24}$/);
  });
});
