/**
 * Fixtures for unit tests of lib/pin: directory users, a hand-driven clock, and a test
 * environment (memory store + cheap hasher + clock) wired as PinDeps.
 */
import type { PinDeps } from '../deps';
import { isPinError, type PinError } from '../errors';
import { GLOBAL_POLICY, policyDefaults, type PolicySettings } from '../policy';
import type { Actor, Clock, DirectoryUserRecord, Millis, PinPolicy } from '../types';
import { createMemoryStore } from './memory-store';
import { createTestHasher, type TestHasher } from './test-hasher';

export const MINUTE = 60 * 1000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** 2025-01-06T09:00:00Z. Chosen so that no test PIN is a substring of it. */
export const T0: Millis = Date.UTC(2025, 0, 6, 9);

/**
 * A directory user. Only id and display name are needed; the rest is derived from the
 * display name ("Anne Smith" → anne.smith, sip:anne.smith@litwareinc.com, …).
 */
export function directoryUser(fields: Partial<DirectoryUserRecord> & Pick<DirectoryUserRecord, 'id' | 'displayName'>): DirectoryUserRecord {
  const logon = fields.displayName.toLowerCase().replace(/[^a-z0-9]+/g, '.');
  const [first = '', last = ''] = fields.displayName.split(' ');
  return {
    samAccountName: logon,
    domain: 'litwareinc',
    upn: `${logon}@litwareinc.com`,
    sipAddress: `sip:${logon}@litwareinc.com`,
    distinguishedName: `CN=${first} ${last},OU=Users,DC=litwareinc,DC=com`,
    lineUri: '',
    extension: '',
    otherPhones: [],
    siteName: null,
    enabled: true,
    grantedPolicy: null,
    ...fields,
  };
}

/** Ken Myer, as in the cmdlet documentation. */
export function kenMyer(overrides: Partial<DirectoryUserRecord> = {}): DirectoryUserRecord {
  return directoryUser({
    id: 'u-ken',
    displayName: 'Ken Myer',
    samAccountName: 'kenmyer',
    domain: 'litwareinc',
    upn: 'kenmyer@litwareinc.com',
    sipAddress: 'sip:kenmyer@litwareinc.com',
    distinguishedName: 'CN=Ken Myer,OU=Finance,DC=litwareinc,DC=com',
    lineUri: 'tel:+14255550100;ext=100',
    extension: '100',
    otherPhones: ['+1 (206) 555-0188'],
    siteName: 'Redmond',
    ...overrides,
  });
}

/** Pilar Ackerman: a UPN that differs from her SIP address, and a 4-digit extension. */
export function pilarAckerman(overrides: Partial<DirectoryUserRecord> = {}): DirectoryUserRecord {
  return directoryUser({
    id: 'u-pilar',
    displayName: 'Pilar Ackerman',
    samAccountName: 'pilara',
    upn: 'pilar.ackerman@corp.litwareinc.com',
    sipAddress: 'sip:pilar@litwareinc.com',
    distinguishedName: 'CN=Pilar Ackerman,OU=Sales,DC=litwareinc,DC=com',
    lineUri: 'tel:+14255550123;ext=4719',
    extension: '4719',
    siteName: 'Dublin',
    ...overrides,
  });
}

/** Three users whose display names end in "Smith". */
export function smiths(): DirectoryUserRecord[] {
  return [
    directoryUser({ id: 'u-anne', displayName: 'Anne Smith', lineUri: 'tel:+14255550201;ext=201', extension: '201', siteName: 'Redmond' }),
    directoryUser({ id: 'u-bob', displayName: 'Bob Smith', lineUri: 'tel:+14255550202;ext=202', extension: '202', siteName: 'Dublin' }),
    directoryUser({ id: 'u-carol', displayName: 'Carol Smith', lineUri: 'tel:+14255550203;ext=203', extension: '203' }),
  ];
}

export function allUsers(): DirectoryUserRecord[] {
  return [kenMyer(), pilarAckerman(), ...smiths()];
}

export const SITES = ['Redmond', 'Dublin'];

export function policy(identity: string, settings: Partial<PolicySettings> = {}): PinPolicy {
  const scope = identity === GLOBAL_POLICY ? 'global' : identity.startsWith('site:') ? 'site' : 'user';
  return { identity, scope, ...policyDefaults, ...settings };
}

export type TestClock = Clock & { set(t: Millis): void; advance(ms: number): void };

/** A clock that moves only when the test says so. */
export function createTestClock(start: Millis = T0): TestClock {
  let t = start;
  return {
    now: () => t,
    set: (value) => {
      t = value;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export const admin: Actor = { type: 'user', id: 'u-admin', name: 'Alex Admin' };
export const bridge: Actor = { type: 'bridge', id: 'b-1', name: 'Bridge One' };

export type TestEnv = {
  store: ReturnType<typeof createMemoryStore>;
  hasher: TestHasher;
  clock: TestClock;
  deps: PinDeps;
};

/** A memory store seeded with the fixture users and sites, the test hasher and clock. */
export function createTestEnv(
  seed: { users?: DirectoryUserRecord[]; sites?: string[]; policies?: PinPolicy[]; randomInt?: (max: number) => number } = {},
): TestEnv {
  const store = createMemoryStore({ users: seed.users ?? allUsers(), sites: seed.sites ?? SITES, policies: seed.policies });
  const hasher = createTestHasher();
  const clock = createTestClock();
  return { store, hasher, clock, deps: { store, hasher, clock, randomInt: seed.randomInt } };
}

/**
 * A randomInt that yields the digits of the given PINs in order, and throws once they are
 * used up (so a test notices a draw it did not expect).
 */
export function scriptedDigits(...pins: string[]): ((max: number) => number) & { draws: () => number } {
  const digits = pins.join('').split('').map(Number);
  let next = 0;
  const fn = (max: number) => {
    if (max !== 10) throw new Error(`scriptedDigits only draws digits (asked for max ${max})`);
    if (next >= digits.length) throw new Error('scriptedDigits: out of scripted digits');
    return digits[next++];
  };
  return Object.assign(fn, { draws: () => next });
}

/** A small seeded PRNG (mulberry32) as a randomInt, for reproducible property tests. */
export function seededRandomInt(seed: number): (max: number) => number {
  let a = seed >>> 0;
  return (max) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.floor(r * max);
  };
}

/** The PinError `fn` throws; fails when it throws nothing or something else. */
export function pinErrorOf(fn: () => unknown): PinError {
  try {
    fn();
  } catch (error) {
    if (isPinError(error)) return error;
    throw error;
  }
  throw new Error('Expected a PinError, but nothing was thrown.');
}

/** The PinError `promise` rejects with; fails when it resolves or rejects with something else. */
export async function pinErrorOfAsync(promise: Promise<unknown>): Promise<PinError> {
  try {
    await promise;
  } catch (error) {
    if (isPinError(error)) return error;
    throw error;
  }
  throw new Error('Expected a PinError, but the promise resolved.');
}
