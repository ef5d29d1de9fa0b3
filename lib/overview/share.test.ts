import { describe, expect, it } from 'vitest';
import { sharePercent } from './share';

describe('sharePercent', () => {
  it.each([
    [0, 0, null],
    [5, 0, null],
    [0, 10, 0],
    [1, 3, 33],
    [2, 3, 67],
    [1999, 2000, 99],
    [1, 2000, 1],
    [10, 10, 100],
  ])('%i of %i is %s %', (part, whole, expected) => {
    expect(sharePercent(part, whole)).toBe(expected);
  });
});
