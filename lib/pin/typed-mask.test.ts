import { describe, expect, it } from 'vitest';
import { createTypedTextMask } from './typed-mask';

const mask = createTypedTextMask(Buffer.alloc(32, 'unit'));

describe('typed text mask', () => {
  it('is the same for the same text and differs for other text or another pepper', () => {
    expect(mask('correct-horse-battery')).toBe(mask('correct-horse-battery'));
    expect(mask('correct-horse-battery')).not.toBe(mask('correct-horse-batterz'));
    expect(createTypedTextMask(Buffer.alloc(32, 'other'))('correct-horse-battery')).not.toBe(mask('correct-horse-battery'));
  });

  it.each([
    ['7391', '7…'],
    ['73915', '7…'],
    ['12345678', '12…'],
    ['hunter2-password', 'hun…'],
    ['ab', '…'],
    ['', '…'],
  ])('shows at most three characters and at most a quarter of %j', (typed, shown) => {
    const masked = mask(typed);
    expect(masked).toMatch(/^.{0,3}…[0-9a-f]{8}$/u);
    expect(masked.startsWith(shown)).toBe(true);
    if (typed.length > 3) expect(masked).not.toContain(typed);
  });
});
