/** Sign-in passwords: argon2id (OWASP baseline parameters), never stored in clear. */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

const options = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let burnHash: Promise<string> | undefined;

/** Spends one verify's time for an unknown account, so timing does not reveal which exist. */
export async function burnPasswordVerify(password: string): Promise<void> {
  burnHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await burnHash, password);
}

/** A readable random password for generated seed accounts. */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}
