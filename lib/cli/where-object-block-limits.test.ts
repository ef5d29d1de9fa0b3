/**
 * Where-Object and Get-CsUser -Filter on adversarial blocks: every one is refused or decided
 * at once, with a message (never a stack overflow, never seconds of backtracking).
 */
import { describe, expect, it } from 'vitest';
import { parseUserFilter } from './user-filter';
import { FilterParseError } from '../validation/filter-error';
import { parseWhereObject } from './where-object-block';

const timed = <T>(fn: () => T): { value: T | Error; ms: number } => {
  const start = performance.now();
  let value: T | Error;
  try {
    value = fn();
  } catch (error) {
    value = error as Error;
  }
  return { value, ms: performance.now() - start };
};

describe('Where-Object limits', () => {
  it('runs -like with many stars in linear time (a RegExp took seconds on 40 characters)', () => {
    const keep = parseWhereObject(`{$_.Identity -like '${'*'.repeat(8)}!'}`);
    const long = { Identity: `sip:${'a'.repeat(40)}` };
    const { value, ms } = timed(() => keep(long));
    expect(value).toBe(false);
    expect(ms).toBeLessThan(1_000);
    expect(parseWhereObject(`{$_.Identity -like '${'*'.repeat(3_000)}a'}`)(long)).toBe(true);
    expect(parseWhereObject("{$_.Identity -like 'sip:?a*'}")(long)).toBe(true);
  });

  it('refuses deep nesting with a message instead of overflowing the stack', () => {
    for (const block of [`{${'('.repeat(20_000)}$_.A -eq 1${')'.repeat(20_000)}}`, `{${'!'.repeat(20_000)}$_.A}`, `{${'-not '.repeat(5_000)}$_.A}`]) {
      const { value, ms } = timed(() => parseWhereObject(block));
      expect(value).toBeInstanceOf(FilterParseError);
      expect((value as Error).message).toMatch(/nest more than 32 deep|at most 4,096 characters/);
      expect(ms).toBeLessThan(1_000);
    }
    expect(parseWhereObject(`{${'('.repeat(30)}$_.A -eq 1${')'.repeat(30)}}`)({ A: 1 })).toBe(true);
  });

  it('refuses an overlong block before tokenizing it', () => {
    const block = `{${'$_.A -eq 1 -and '.repeat(4_000)}$_.A -eq 1}`;
    const { value, ms } = timed(() => parseWhereObject(block));
    expect(value).toBeInstanceOf(FilterParseError);
    expect((value as Error).message).toMatch(/can be at most 4,096 characters \(it has 64,/);
    expect(ms).toBeLessThan(500);
  });

  it('tokenizes a block at the limit quickly (no copy of the rest per token)', () => {
    const block = `{${'$_.A -eq 1 -or '.repeat(250)}$_.A -eq 2}`;
    const { value, ms } = timed(() => parseWhereObject(block)({ A: 2 }));
    expect(value).toBe(true);
    expect(ms).toBeLessThan(500);
  });

  it('bounds the -match pattern, which stays a regular expression', () => {
    expect(() => parseWhereObject(`{$_.A -match '${'a'.repeat(300)}'}`)).toThrow(/pattern of -match can be at most 256 characters/);
    expect(parseWhereObject("{$_.A -match '^ke+n$'}")({ A: 'keen' })).toBe(true);
  });
});

describe('Get-CsUser -Filter limits', () => {
  it('refuses deep nesting, long blocks and long values with a message', () => {
    expect(() => parseUserFilter(`{${'('.repeat(20_000)}Department -eq "x"${')'.repeat(20_000)}}`)).toThrow(
      /-Filter .*(nest more than 32 deep|at most 2,048 characters)/,
    );
    expect(() => parseUserFilter(`{${'('.repeat(40)}Department -eq "x"${')'.repeat(40)}}`)).toThrow(/nest more than 32 deep/);
    expect(() => parseUserFilter(`{Department -eq "${'x'.repeat(300)}"}`)).toThrow(/at most 256 characters/);
    expect(() => parseUserFilter('{Department -eq "a\u0000b"}')).toThrow(/control character/);
  });
});
