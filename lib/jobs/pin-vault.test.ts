import { describe, expect, it } from 'vitest';
import { createPinVault } from './pin-vault';

const vault = createPinVault(Buffer.alloc(32, 'pepper'));

describe('pin vault', () => {
  it('round-trips a PIN, leading zeros kept, and never shows it in the ciphertext', () => {
    const sealed = vault.seal('007153', 'job-1:4');
    expect(sealed).not.toContain('007153');
    expect(vault.open(sealed, 'job-1:4')).toBe('007153');
    expect(vault.seal('007153', 'job-1:4')).not.toBe(sealed); // fresh IV each time
  });

  it('refuses a ciphertext moved to another item, tampered with, or sealed under another pepper', () => {
    const sealed = vault.seal('40719', 'job-1:4');
    expect(vault.open(sealed, 'job-1:5')).toBeNull();
    const parts = sealed.split(':');
    parts[2] = Buffer.from('99999').toString('base64');
    expect(vault.open(parts.join(':'), 'job-1:4')).toBeNull();
    expect(createPinVault(Buffer.alloc(32, 'other')).open(sealed, 'job-1:4')).toBeNull();
    expect(vault.open('garbage', 'job-1:4')).toBeNull();
  });
});
