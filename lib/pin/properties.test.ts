/** Property tests (fast-check) of the PIN rules, generation and policy validation. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPinError } from './errors';
import { drawPin } from './generate';
import { assertValidPin, findCommonPatterns, type UserNumbers } from './pin-rules';
import { checkPolicySettings, MAX_PIN_LENGTH, type PolicySettings } from './policy';
import { admin, createTestEnv, directoryUser, policy, seededRandomInt } from './testing/fixtures';
import { generatePin } from './use-cases/set-pin';
import type { PinPolicy } from './types';

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

/** Any policy the validation accepts. */
const validPolicy: fc.Arbitrary<PinPolicy> = fc
  .record({
    minPasswordLength: fc.integer({ min: 4, max: 24 }),
    pinHistoryCount: fc.integer({ min: 0, max: 20 }),
    pinLifetime: fc.integer({ min: 0, max: 999 }),
    allowCommonPatterns: fc.boolean(),
    maximumLogonAttempts: fc.option(fc.integer({ min: 1, max: 999 }), { nil: null }),
    description: fc.string({ maxLength: 40 }),
  })
  .map((s) => policy('global', { ...s, pinLifetime: s.pinHistoryCount === 0 ? 0 : s.pinLifetime }));

/** Any numbers a user may have: extension, line URI (with or without ;ext=), other phones. */
const userNumbers: fc.Arbitrary<UserNumbers> = fc.record({
  extension: digits(0, 8),
  lineUri: fc.oneof(
    fc.constant(''),
    fc.tuple(digits(7, 15), digits(0, 6)).map(([number, ext]) => `tel:+${number}${ext ? `;ext=${ext}` : ''}`),
  ),
  otherPhones: fc.array(
    digits(7, 15).map((d) => `+${d.slice(0, 1)} (${d.slice(1, 4)}) ${d.slice(4)}`),
    { maxLength: 3 },
  ),
});

const strictOf = (p: PinPolicy): PinPolicy => ({ ...p, allowCommonPatterns: false });
const lenient = (minPasswordLength: number): PinPolicy => policy('global', { minPasswordLength, allowCommonPatterns: true });

/** Whether `fn` throws a PinError (rethrows anything else). */
function rejects(fn: () => void): boolean {
  try {
    fn();
    return false;
  } catch (error) {
    if (isPinError(error)) return true;
    throw error;
  }
}

describe('generated PINs', () => {
  it('drawPin: any valid policy, any user numbers → MinPasswordLength digits that pass the strict rules', async () => {
    await fc.assert(
      fc.asyncProperty(validPolicy, userNumbers, fc.integer(), async (p, user, seed) => {
        const pin = await drawPin(p.minPasswordLength, user, undefined, seededRandomInt(seed));
        expect(pin).toHaveLength(p.minPasswordLength);
        expect(() => assertValidPin(pin, strictOf(p), user)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('drawPin with the real crypto random source does the same', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 4, max: 24 }), userNumbers, async (length, user) => {
        const pin = await drawPin(length, user);
        expect(pin).toMatch(/^[0-9]+$/);
        expect(pin).toHaveLength(length);
        expect(findCommonPatterns(pin, user)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('generatePin: passes the strict rules and is none of the PINs in the history', async () => {
    await fc.assert(
      fc.asyncProperty(validPolicy, userNumbers, fc.integer(), fc.array(digits(4, 8), { maxLength: 5 }), async (p, numbers, seed, previous) => {
        const user = directoryUser({ id: 'u-x', displayName: 'Prop User', ...numbers });
        const env = createTestEnv({ users: [user], policies: [p], randomInt: seededRandomInt(seed) });
        for (const old of previous) {
          const hash = await env.hasher.hash(old);
          await env.store.transaction((tx) => tx.savePin('u-x', { hash, length: old.length, setAt: 0, method: 'admin_set', setBy: 'x' }));
        }
        const { pin } = await generatePin(env.deps, { user: { userId: 'u-x' }, actor: admin });
        expect(pin).toHaveLength(p.minPasswordLength);
        expect(() => assertValidPin(pin, strictOf(p), user)).not.toThrow();
        const remembered = previous.slice().reverse().slice(0, p.pinHistoryCount);
        expect(remembered).not.toContain(pin);
      }),
      { numRuns: 100 },
    );
  });
});

describe('assertValidPin', () => {
  const notAsciiDigit = fc
    .oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      fc.constantFrom('٣', '０', '߃', ' ', '\t', '\n', '+', '-', '.', ',', 'e', 'x', '\u0000', '\u200b'),
    )
    .filter((c) => !/^[0-9]$/.test(c));

  it('never accepts a string with a character other than 0-9', () => {
    fc.assert(
      fc.property(
        digits(0, 24),
        notAsciiDigit,
        digits(0, 24),
        fc.integer({ min: 4, max: 24 }),
        fc.boolean(),
        userNumbers,
        (before, bad, after, min, allow, user) => {
          const pin = before + bad + after;
          const p = policy('global', { minPasswordLength: min, allowCommonPatterns: allow });
          let code: string | null = null;
          try {
            assertValidPin(pin, p, user);
          } catch (error) {
            code = isPinError(error) ? error.code : 'other';
          }
          // Over 24 characters may be reported as too long first; either way it is refused.
          expect(['PIN_NOT_DIGITS', 'PIN_TOO_LONG']).toContain(code);
          if (pin.length <= MAX_PIN_LENGTH) expect(code).toBe('PIN_NOT_DIGITS');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never accepts a length outside [MinPasswordLength, 24]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 24 }), digits(0, 40), fc.boolean(), userNumbers, (min, pin, allow, user) => {
        fc.pre(pin.length < min || pin.length > MAX_PIN_LENGTH);
        expect(rejects(() => assertValidPin(pin, policy('global', { minPasswordLength: min, allowCommonPatterns: allow }), user))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('with AllowCommonPatterns true, accepts exactly the ASCII digit strings of MinPasswordLength..24', () => {
    const candidate = fc.oneof(digits(0, 30), fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }));
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 24 }), candidate, userNumbers, (min, pin, user) => {
        const expected = /^[0-9]+$/.test(pin) && pin.length >= min && pin.length <= 24;
        expect(!rejects(() => assertValidPin(pin, lenient(min), user))).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects any block repeated, any 4-digit run, the extension, its reverse and any part of a phone number', () => {
    fc.assert(
      fc.property(digits(1, 6), fc.integer({ min: 2, max: 6 }), userNumbers, (block, times, user) => {
        const pin = block.repeat(times);
        fc.pre(pin.length >= 4 && pin.length <= 24);
        expect(findCommonPatterns(pin, user)).toContain('repeating-digits');
      }),
    );
    fc.assert(
      fc.property(digits(0, 8), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 4, max: 10 }), fc.boolean(), digits(0, 8), (pre, start, run, up, post) => {
        const seq = Array.from({ length: run }, (_, i) => start + (up ? i : -i)).filter((d) => d >= 0 && d <= 9);
        fc.pre(seq.length >= 4);
        const pin = pre + seq.join('') + post;
        expect(findCommonPatterns(pin, { extension: '', lineUri: '', otherPhones: [] })).toContain('consecutive-digits');
      }),
    );
    fc.assert(
      fc.property(digits(4, 12), (extension) => {
        const user = { extension, lineUri: '', otherPhones: [] };
        expect(findCommonPatterns(extension, user)).toContain('phone-or-extension');
        expect(findCommonPatterns([...extension].reverse().join(''), user)).toContain('phone-or-extension');
      }),
    );
    fc.assert(
      fc.property(digits(7, 15), fc.nat(), fc.integer({ min: 4, max: 15 }), fc.boolean(), (number, from, length, inLineUri) => {
        const start = from % number.length;
        const part = number.slice(start, start + length);
        fc.pre(part.length >= 4);
        const user = inLineUri
          ? { extension: '', lineUri: `tel:+${number};ext=1`, otherPhones: [] }
          : { extension: '', lineUri: '', otherPhones: [`+${number}`] };
        expect(findCommonPatterns(part, user)).toContain('phone-or-extension');
        expect(rejects(() => assertValidPin(part, policy('global', { minPasswordLength: 4 }), user))).toBe(true);
      }),
    );
  });
});

describe('checkPolicySettings', () => {
  const anyNumber = fc.oneof(
    fc.integer({ min: -5, max: 1100 }),
    fc.integer({ min: -5, max: 30 }),
    fc.double({ min: -5, max: 1100 }),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 4.5, -0),
  );
  const anySettings = fc.record({
    minPasswordLength: anyNumber,
    pinHistoryCount: anyNumber,
    pinLifetime: fc.oneof(anyNumber, fc.constant(0)),
    maximumLogonAttempts: fc.oneof(fc.constant(null), anyNumber),
    allowCommonPatterns: fc.boolean(),
    description: fc.string({ maxLength: 20 }),
  });
  const inRange = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

  it('accepts exactly the in-range settings, and names exactly the fields out of range', () => {
    fc.assert(
      fc.property(anySettings, (settings: PolicySettings) => {
        const outOfRange = [
          !inRange(settings.minPasswordLength, 4, 24) && 'MinPasswordLength',
          !inRange(settings.pinHistoryCount, 0, 20) && 'PINHistoryCount',
          !inRange(settings.pinLifetime, 0, 999) && 'PINLifetime',
          settings.maximumLogonAttempts !== null && !inRange(settings.maximumLogonAttempts, 1, 999) && 'MaximumLogonAttempts',
        ].filter((f): f is string => f !== false);
        const lifetimeWithoutHistory = outOfRange.length === 0 && settings.pinLifetime > 0 && settings.pinHistoryCount === 0;
        const expected = lifetimeWithoutHistory ? ['PINLifetime'] : outOfRange;

        const errors = checkPolicySettings(settings);
        expect(errors.map((e) => e.field)).toEqual(expected);
        for (const e of errors) expect(e.message).toContain(e.field);
        if (lifetimeWithoutHistory) expect(errors[0].message).toContain('PINHistoryCount');
      }),
      { numRuns: 2000 },
    );
  });
});
