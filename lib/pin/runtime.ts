/**
 * The production hasher: argon2id keyed with PIN_PEPPER, parameters from the environment.
 * Kept apart from hasher.ts so unit tests can build hashers with test peppers.
 */
import { argon2ParamsFromEnv, createArgon2Hasher, type PinHasher } from './hasher';
import { getPinPepper } from '../config/secrets';

let hasher: PinHasher | undefined;

export function getPinHasher(): PinHasher {
  hasher ??= createArgon2Hasher(getPinPepper(), argon2ParamsFromEnv());
  return hasher;
}
