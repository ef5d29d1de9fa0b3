import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeLike, matchWildcard, wildcardToLike } from './wildcard';

/** The definition, as a backtracking RegExp: fine for the short strings fast-check draws. */
function reference(pattern: string, text: string, questionMark: boolean): boolean {
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' && questionMark ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'is').test(text);
}

const elapsed = (fn: () => unknown) => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};

describe('matchWildcard', () => {
  it.each([
    ['site:*', 'site:Redmond', true],
    ['site:*', 'tag:Redmond', false],
    ['*redmond*', 'tag:RedmondUsersPinPolicy', true],
    ['* Smith', 'Pilar Smith', true],
    ['* Smith', 'Smith', false],
    ['k*n*s', 'Ken Myers', true],
    ['k*n*s', 'Ken Myer', false],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['***', '', true],
    ['', '', true],
    ['', 'x', false],
    ['exact', 'EXACT', true],
  ])('%s against %s is %s', (pattern, text, expected) => {
    expect(matchWildcard(pattern, text)).toBe(expected);
  });

  it('treats ? as one character only when asked (Where-Object -like)', () => {
    expect(matchWildcard('ke?', 'ken', { questionMark: true })).toBe(true);
    expect(matchWildcard('ke?', 'ken')).toBe(false);
    expect(matchWildcard('ke?', 'ke?')).toBe(true);
    expect(matchWildcard('*?n', 'n', { questionMark: true })).toBe(false);
  });

  it('agrees with the RegExp definition on arbitrary short patterns and texts', () => {
    const alphabet = fc.constantFrom('a', 'b', '*', '?', '.', 'A');
    const str = (max: number) => fc.array(alphabet, { maxLength: max }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(str(8), str(12), fc.boolean(), (pattern, text, questionMark) => {
        const plainText = text.replace(/\*/g, 'a');
        expect(matchWildcard(pattern, plainText, { questionMark })).toBe(reference(pattern, plainText, questionMark));
      }),
      { numRuns: 2000 },
    );
  });

  it('stays linear on adversarial patterns: thousands of stars, long runs, ? segments', () => {
    const text = 'tag:' + 'a'.repeat(10_000);
    // A RegExp of 8 `.*` and a "!" takes seconds on 40 characters; this is 10,000 stars on 10,000.
    expect(elapsed(() => expect(matchWildcard('*'.repeat(10_000) + '!', text)).toBe(false))).toBeLessThan(1_000);
    expect(elapsed(() => expect(matchWildcard('*a'.repeat(5_000) + '!', text)).toBe(false))).toBeLessThan(1_000);
    expect(elapsed(() => expect(matchWildcard('*?'.repeat(300) + '!', 'a'.repeat(2_000), { questionMark: true })).toBe(false))).toBeLessThan(1_000);
  });
});

describe('LIKE patterns', () => {
  it('escapes %, _ and the escape character, and collapses runs of *', () => {
    expect(escapeLike('100%_\\')).toBe('100\\%\\_\\\\');
    expect(wildcardToLike('***smith')).toBe('%smith');
    expect(wildcardToLike('a**b*c')).toBe('a%b%c');
    expect(wildcardToLike('50%*_')).toBe('50\\%%\\_');
    expect(wildcardToLike('*'.repeat(5_000))).toBe('%');
  });
});
