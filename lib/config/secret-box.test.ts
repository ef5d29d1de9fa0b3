import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secret-box';

const secret = Buffer.alloc(32, 'box test');

describe('createSecretBox', () => {
  it('opens what it sealed, for the same owner only', () => {
    const box = createSecretBox(secret, 'purpose a');
    const sealed = box.seal('Pass@word1', 'source-1');
    expect(sealed).not.toContain('Pass@word1');
    expect(box.open(sealed, 'source-1')).toBe('Pass@word1');
    expect(box.open(sealed, 'source-2')).toBeNull();
  });

  it('seals the same text differently each time', () => {
    const box = createSecretBox(secret, 'purpose a');
    expect(box.seal('x', 'o')).not.toBe(box.seal('x', 'o'));
  });

  it('refuses a ciphertext of another purpose, another key, or tampered with', () => {
    const sealed = createSecretBox(secret, 'purpose a').seal('Pass@word1', 'o');
    expect(createSecretBox(secret, 'purpose b').open(sealed, 'o')).toBeNull();
    expect(createSecretBox(Buffer.alloc(32, 'other key'), 'purpose a').open(sealed, 'o')).toBeNull();
    const [v, iv, body, tag] = sealed.split(':');
    const flipped = Buffer.from(body, 'base64');
    flipped[0] ^= 1;
    expect(createSecretBox(secret, 'purpose a').open([v, iv, flipped.toString('base64'), tag].join(':'), 'o')).toBeNull();
    expect(createSecretBox(secret, 'purpose a').open('garbage', 'o')).toBeNull();
  });
});
