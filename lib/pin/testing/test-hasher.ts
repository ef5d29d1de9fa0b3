/**
 * A cheap PinHasher for unit tests: HMAC-SHA256 of a random salt and the PIN under a fixed
 * test key, instead of argon2id. Like argon2 it is salted (two hashes of one PIN differ, so
 * code under test must call verify rather than compare strings) and it records a version,
 * standing for argon2's parameters, so needsRehash can be driven by a test.
 *
 * It counts the real work done, which lets tests assert that a locked or unknown caller
 * was answered without checking the PIN (verify unchanged, burnVerify + 1).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PinHasher } from '../hasher';
import { createTypedTextMask } from '../typed-mask';

const PREFIX = '$test-hmac$';
const FORMAT = /^\$test-hmac\$v=(\d+)\$([0-9a-f]{32})\$([0-9a-f]{64})$/;

export type TestHasherCalls = { hash: number; verify: number; burnVerify: number };

export type TestHasher = PinHasher & {
  /** How many times each method ran (verify counts only real checks, not burnVerify). */
  readonly calls: TestHasherCalls;
  /** Version that new hashes get; needsRehash is true for hashes of any other version. */
  version: number;
  /** Replaces the version rule of needsRehash (null restores it). */
  needsRehashOverride: ((hash: string) => boolean) | null;
  resetCalls(): void;
};

export function createTestHasher(options: { key?: string; version?: number } = {}): TestHasher {
  const key = options.key ?? 'unit-test-pepper';
  const calls: TestHasherCalls = { hash: 0, verify: 0, burnVerify: 0 };
  const mac = (salt: string, pin: string) => createHmac('sha256', key).update(`${salt}:${pin}`).digest('hex');

  const hasher: TestHasher = {
    calls,
    version: options.version ?? 1,
    needsRehashOverride: null,
    async hash(pin) {
      calls.hash++;
      const salt = randomBytes(16).toString('hex');
      return `${PREFIX}v=${hasher.version}$${salt}$${mac(salt, pin)}`;
    },
    async verify(stored, pin) {
      calls.verify++;
      const parsed = FORMAT.exec(stored);
      if (!parsed) return false;
      const expected = Buffer.from(parsed[3], 'hex');
      const actual = Buffer.from(mac(parsed[2], pin), 'hex');
      return timingSafeEqual(expected, actual);
    },
    needsRehash(stored) {
      if (hasher.needsRehashOverride) return hasher.needsRehashOverride(stored);
      const parsed = FORMAT.exec(stored);
      return !parsed || Number(parsed[1]) !== hasher.version;
    },
    async burnVerify() {
      calls.burnVerify++;
    },
    maskTyped: createTypedTextMask(Buffer.from(key)),
    resetCalls() {
      calls.hash = 0;
      calls.verify = 0;
      calls.burnVerify = 0;
    },
  };
  return hasher;
}
