/** Shared set-up of the integration suite: the real store on the engine DATABASE_URL names. */
import { randomUUID } from 'node:crypto';
import { createDb, type Db } from '../../lib/db/client';
import { createPinStore } from '../../lib/db/pin-store';
import { createArgon2Hasher, type PinHasher } from '../../lib/pin/hasher';
import type { Clock } from '../../lib/pin/types';
import { directoryUserKeys } from '../../lib/users/user-keys';

export const handle = createDb();
export const { db, target } = handle;
export const store = createPinStore(handle);
export const pepper = Buffer.alloc(32, 'integration');

export function manualClock(start = Date.UTC(2026, 10, 23, 9, 0, 0)): Clock & { advance(ms: number): void; set(ms: number): void } {
  let now = start;
  return { now: () => now, advance: (ms) => (now += ms), set: (ms) => (now = ms) };
}

/** The real argon2 hasher, counting checks of real hashes (burned verifies are not checks). */
export function countingHasher(): PinHasher & { verifyCount: () => number } {
  const inner = createArgon2Hasher(pepper);
  let count = 0;
  return {
    ...inner,
    verify: async (hash, pin) => {
      count++;
      return inner.verify(hash, pin);
    },
    verifyCount: () => count,
  };
}

/** A fresh directory user (unique names, so tests never collide). */
export async function createUser(
  database: Db = db,
  overrides: { extension?: string; lineUri?: string; siteId?: string | null; domain?: string; upn?: (tag: string) => string } = {},
) {
  const tag = randomUUID().slice(0, 8);
  const extension = overrides.extension ?? String(100000 + Math.floor(Math.random() * 800000));
  const lineUri = overrides.lineUri ?? `tel:+1999${extension.padStart(7, '0')};ext=${extension}`;
  const names = {
    displayName: `Test User ${tag}`,
    samAccountName: `test${tag}`,
    domain: overrides.domain ?? 'litwareinc',
    upn: overrides.upn?.(tag) ?? `test${tag}@litwareinc.com`,
    lineUri,
    ouPath: 'litwareinc.com/IT/',
  };
  return database.directoryUser.create({
    data: {
      ...names,
      ...directoryUserKeys(names),
      sipAddress: `sip:test${tag}@litwareinc.com`,
      extension,
      distinguishedName: `CN=Test User ${tag},OU=IT,DC=litwareinc,DC=com`,
      ouDn: 'OU=IT,DC=litwareinc,DC=com',
      siteId: overrides.siteId ?? null,
    },
  });
}

export const admin = { type: 'user' as const, id: 'integration-admin', name: 'Integration Admin' };
