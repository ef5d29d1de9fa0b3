import { describe, expect, it } from 'vitest';
import { possessive } from './possessive';

describe('possessive', () => {
  it.each([
    ['Ken Myer', "Ken Myer's"],
    ['James', "James's"],
    ['kenmyer@litwareinc.com', "kenmyer@litwareinc.com's"],
  ])('%s → %s', (name, expected) => {
    expect(possessive(name)).toBe(expected);
  });

  it('uses the plain apostrophe, never the typographic one', () => {
    expect(possessive('James')).not.toContain('’');
  });
});
