/**
 * The production hasher: argon2id keyed with PIN_PEPPER, parameters from the environment.
 * Kept apart from hasher.ts so unit tests can build hashers with test peppers.
 */
import { argon2ParamsFromEnv, createArgon2Hasher, type Argon2Hasher } from './hasher';
import { getPinPepper } from '../config/secrets';

let hasher: Argon2Hasher | undefined;

export function getPinHasher(): Argon2Hasher {
  hasher ??= createArgon2Hasher(getPinPepper(), argon2ParamsFromEnv());
  return hasher;
}
