/**
 * Hashing of PINs (DOMAIN.md §9): argon2id keyed with a pepper. A short numeric PIN is
 * guessable offline from its hash alone; the pepper, a secret that is never in the database,
 * is what stops that. The PHC string records algorithm and parameters, so raising them
 * later re-hashes old PINs on their next successful logon (needsRehash).
 */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { createTypedTextMask, type TypedTextMask } from './typed-mask';

// @node-rs/argon2 declares Algorithm as an ambient const enum, which isolatedModules cannot
// read; 2 is its Argon2id.
const ARGON2ID = 2;

export type PinHasher = {
  hash(pin: string): Promise<string>;
  verify(hash: string, pin: string): Promise<boolean>;
  /** The hash was made with other parameters than the current ones. */
  needsRehash(hash: string): boolean;
  /**
   * Spends the time of one verify without checking anything: unknown callers, unset,
   * expired and locked PINs must cost the same as a wrong PIN (no timing oracle).
   */
  burnVerify(pin: string): Promise<void>;
  /**
   * The audit's masked form of text typed at a prompt that matched nobody (typed-mask.ts):
   * keyed with the same pepper, so it lives with the other keyed functions of what callers type.
   */
  maskTyped: TypedTextMask;
};

export type Argon2Params = { memoryCost: number; timeCost: number; parallelism: number };

/** OWASP's argon2id baseline: m = 19 MiB, t = 2, p = 1. */
export const defaultArgon2Params: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_PEPPER_BYTES = 32;

/** The production hasher, which also tells how busy it is. */
export type Argon2Hasher = PinHasher & {
  /**
   * Verifies (real or burned) started and not yet finished: nearly all PIN logons, each of
   * which writes its audit event within about one verify's time (lib/db/group-commit.ts waits
   * for them while more are queueing than argon2's threads can run).
   */
  verifiesInFlight(): number;
};

export function createArgon2Hasher(pepper: Uint8Array, params: Argon2Params = defaultArgon2Params): Argon2Hasher {
  if (pepper.length < MIN_PEPPER_BYTES) {
    throw new Error(`The PIN pepper must be at least ${MIN_PEPPER_BYTES} bytes (got ${pepper.length}).`);
  }
  const options = { algorithm: ARGON2ID, ...params, secret: pepper };
  let burnHash: Promise<string> | undefined;
  const currentPrefix = `$argon2id$v=19$m=${params.memoryCost},t=${params.timeCost},p=${params.parallelism}$`;
  let inFlight = 0;
  const counted = async <T>(work: () => Promise<T>): Promise<T> => {
    inFlight++;
    try {
      return await work();
    } finally {
      inFlight--;
    }
  };
  return {
    hash: (pin) => hash(pin, options),
    verify: (stored, pin) =>
      counted(async () => {
        try {
          return await verify(stored, pin, { secret: pepper });
        } catch {
          // A malformed stored hash fails closed.
          return false;
        }
      }),
    needsRehash(stored) {
      // PHC strings of current hashes start with exactly this; a string compare is all a
      // logon needs (parsing costs a native call).
      return !stored.startsWith(currentPrefix);
    },
    burnVerify: (pin) =>
      counted(async () => {
        burnHash ??= hash(randomBytes(16).toString('hex'), options);
        await verify(await burnHash, pin, { secret: pepper }).catch(() => false);
      }),
    maskTyped: createTypedTextMask(pepper),
    verifiesInFlight: () => inFlight,
  };
}

/** Reads argon2 parameters from the environment (PIN_ARGON2_MEMORY_KIB, _TIME_COST, _PARALLELISM). */
export function argon2ParamsFromEnv(env: Record<string, string | undefined> = process.env): Argon2Params {
  const read = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
    }
    return value;
  };
  return {
    memoryCost: read('PIN_ARGON2_MEMORY_KIB', defaultArgon2Params.memoryCost, 8_192, 4_194_304),
    timeCost: read('PIN_ARGON2_TIME_COST', defaultArgon2Params.timeCost, 1, 100),
    parallelism: read('PIN_ARGON2_PARALLELISM', defaultArgon2Params.parallelism, 1, 16),
  };
}
