import { describe, expect, it } from 'vitest';
import { languageName } from './language-name';

describe('languageName', () => {
  it.each([
    ['ja-JP', 'Japanese (Japan)'],
    ['en-US', 'English (United States)'],
    ['fr-CA', 'French (Canada)'],
    ['de', 'German'],
    [' es-ES ', 'Spanish (Spain)'],
  ])('names %s as %s', (tag, name) => {
    expect(languageName(tag)).toBe(name);
  });

  it.each(['zz-ZZ', 'not a tag', '', 'x'])('shows %j as it is when it cannot be named', (tag) => {
    expect(languageName(tag)).toBe(tag.trim());
  });
});
