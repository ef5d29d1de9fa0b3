/** parseLdapFilter on adversarial input: refused at once with a message, never a 500 later. */
import { describe, expect, it } from 'vitest';
import { FilterParseError } from '../validation/filter-error';
import { parseLdapFilter } from './ldap-filter';

const timed = (fn: () => unknown): { error: unknown; ms: number } => {
  const start = performance.now();
  try {
    fn();
    return { error: null, ms: performance.now() - start };
  } catch (error) {
    return { error, ms: performance.now() - start };
  }
};

describe('parseLdapFilter limits', () => {
  it('knows no attribute from the object prototype', () => {
    for (const attribute of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(() => parseLdapFilter(`${attribute}=x`)).toThrow(/unknown attribute|is not a comparison/);
    }
  });

  it.each([
    ['thousands of parentheses', `${'('.repeat(5_000)}Title=x${')'.repeat(5_000)}`, /at most 1,024 characters/],
    ['nesting within the length', `${'('.repeat(100)}Title=x${')'.repeat(100)}`, /nest more than 32 deep/],
    ['nested negations and ANDs', `&${'(&'.repeat(60)}(Title=x)${')'.repeat(60)}`, /nest more than 32 deep/],
    ['thousands of stars', `Title=${'*'.repeat(5_000)}`, /at most 1,024 characters/],
    ['stars inside a value', `Title=${'*a'.repeat(400)}`, /only at the start and\/or end/],
    ['a long run of spaces', `Title=x${' '.repeat(1_000)}y`, null],
    ['a NUL', 'Title=a\u0000b', /control character/],
  ])('%s', (_, filter, message) => {
    const { error, ms } = timed(() => parseLdapFilter(filter));
    if (message === null) expect(error).toBeNull();
    else {
      expect(error).toBeInstanceOf(FilterParseError);
      expect((error as Error).message).toMatch(message);
    }
    expect(ms).toBeLessThan(500);
  });
});
