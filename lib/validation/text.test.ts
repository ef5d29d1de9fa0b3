import { describe, expect, it } from 'vitest';
import { findUnstorableText, hasUnstorableCharacter, hasUnusableCharacter, textInputProblem } from './text';

describe('text input checks', () => {
  it.each([
    ['plain', false],
    ['tab\there', false],
    ['Zoë Ångström 😀', false],
    ['a\u0000b', true],
    ['line\nbreak', true],
    ['\u007f', true],
    ['half \ud83d emoji', true],
    ['\ude00 low half', true],
  ])('%j unusable: %s', (text, expected) => {
    expect(hasUnusableCharacter(text)).toBe(expected);
  });

  it('lets line breaks through where a field takes them, never a NUL or a lone surrogate', () => {
    expect(hasUnstorableCharacter('two\nlines')).toBe(false);
    expect(hasUnstorableCharacter('nul\u0000')).toBe(true);
    expect(hasUnstorableCharacter('\ud800')).toBe(true);
  });

  it('names the field and its maximum', () => {
    expect(textInputProblem('q', 'x'.repeat(1_001), 1_000)).toBe('q can be at most 1,000 characters (it has 1,001).');
    expect(textInputProblem('q', 'ok', 10)).toBeNull();
  });

  it('finds the path of the first unstorable string in structured input', () => {
    expect(findUnstorableText({ userIds: ['a', 'b\u0000'] })).toBe('userIds.1');
    expect(findUnstorableText({ search: { filters: [{ value: '\ud800' }] } })).toBe('search.filters.0.value');
    expect(findUnstorableText('\u0000')).toBe('');
    expect(findUnstorableText({ description: 'two\nlines', n: 1, ok: true, none: null })).toBeNull();
  });

  it('walks at most its budget of values, however large the input', () => {
    const huge = Array.from({ length: 1_000_000 }, () => 'x');
    huge[5] = 'bad\u0000';
    expect(findUnstorableText({ ids: huge })).toBe('ids.5');
    huge[5] = 'x';
    huge[999_999] = 'bad\u0000';
    // Past the budget the action's own schema (with its length bounds) has the last word.
    expect(findUnstorableText({ ids: huge }, 100)).toBeNull();
  });
});
