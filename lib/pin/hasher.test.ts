/** The real argon2id hasher (DOMAIN.md §9), with a test pepper. The only slow unit test file. */
import { describe, expect, it } from 'vitest';
import { argon2ParamsFromEnv, createArgon2Hasher, defaultArgon2Params, MIN_PEPPER_BYTES } from './hasher';

const pepper = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff);
const otherPepper = new Uint8Array(32).map((_, i) => (i * 53 + 7) & 0xff);
const hasher = createArgon2Hasher(pepper);

describe('createArgon2Hasher', () => {
  it('hashes to an argon2id PHC string recording m=19456, t=2, p=1, and verifies it', async () => {
    const hash = await hasher.hash('135790');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(hash).not.toContain('135790');
    expect(await hasher.verify(hash, '135790')).toBe(true);
    expect(await hasher.verify(hash, '135791')).toBe(false);
    expect(await hasher.verify(hash, '0135790')).toBe(false);
    expect(hasher.needsRehash(hash)).toBe(false);

    // The pepper is part of the key: the same hash does not verify with another pepper.
    expect(await createArgon2Hasher(otherPepper).verify(hash, '135790')).toBe(false);
  });

  it('salts: two hashes of one PIN differ and both verify', async () => {
    const [a, b] = await Promise.all([hasher.hash('00729'), hasher.hash('00729')]);
    expect(a).not.toBe(b);
    expect(await hasher.verify(b, '00729')).toBe(true);
    expect(await hasher.verify(b, '729')).toBe(false);
  });

  it('needsRehash is true for a hash made with other parameters, and for anything unparseable', async () => {
    expect(defaultArgon2Params).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    const cheap = createArgon2Hasher(pepper, { memoryCost: 8192, timeCost: 1, parallelism: 1 });
    const old = await cheap.hash('135790');
    expect(old).toMatch(/\$m=8192,t=1,p=1\$/);
    expect(hasher.needsRehash(old)).toBe(true);
    expect(cheap.needsRehash(old)).toBe(false);
    // Still verifiable (same pepper): the parameters are read from the string.
    expect(await hasher.verify(old, '135790')).toBe(true);
    expect(hasher.needsRehash('not a hash')).toBe(true);
    expect(hasher.needsRehash('')).toBe(true);
  });

  it('fails closed on a malformed stored hash', async () => {
    expect(await hasher.verify('garbage', '135790')).toBe(false);
    expect(await hasher.verify('', '135790')).toBe(false);
  });

  it('burnVerify spends a verify and resolves', async () => {
    await expect(hasher.burnVerify('135790')).resolves.toBeUndefined();
  });

  it('counts verifies and burned verifies while they run, failed ones included', async () => {
    const counting = createArgon2Hasher(pepper, { memoryCost: 8192, timeCost: 1, parallelism: 1 });
    const stored = await counting.hash('135790');
    expect(counting.verifiesInFlight()).toBe(0);
    const running = [counting.verify(stored, '135790'), counting.verify('garbage', '1'), counting.burnVerify('2')];
    expect(counting.verifiesInFlight()).toBe(3);
    await Promise.all(running);
    expect(counting.verifiesInFlight()).toBe(0);
  });

  it('refuses a pepper shorter than 32 bytes', () => {
    expect(MIN_PEPPER_BYTES).toBe(32);
    expect(() => createArgon2Hasher(new Uint8Array(31))).toThrow(/at least 32 bytes/);
    expect(() => createArgon2Hasher(new Uint8Array(0))).toThrow(/at least 32 bytes/);
    expect(() => createArgon2Hasher(new Uint8Array(64))).not.toThrow();
  });
});

describe('argon2ParamsFromEnv', () => {
  it('defaults to m=19456, t=2, p=1 and reads overrides', () => {
    expect(argon2ParamsFromEnv({})).toEqual(defaultArgon2Params);
    expect(argon2ParamsFromEnv({ PIN_ARGON2_MEMORY_KIB: '65536', PIN_ARGON2_TIME_COST: '3', PIN_ARGON2_PARALLELISM: '2' })).toEqual({
      memoryCost: 65536,
      timeCost: 3,
      parallelism: 2,
    });
  });

  it.each([
    ['PIN_ARGON2_MEMORY_KIB', '4096'],
    ['PIN_ARGON2_TIME_COST', '0'],
    ['PIN_ARGON2_PARALLELISM', '1.5'],
    ['PIN_ARGON2_PARALLELISM', 'two'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => argon2ParamsFromEnv({ [name]: value })).toThrow(name);
  });
});
