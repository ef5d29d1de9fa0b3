/**
 * The PinStore contract (lib/pin/store.ts): cases that the in-memory store (a unit test,
 * memory-pin-store.test.ts) and the real store on both engines (an integration test,
 * db-pin-store.test.ts) must both pass, so the
 * double that lib/pin's unit tests trust cannot drift from what the database does. Where the
 * two disagreed, the real store was taken as the truth.
 *
 * Only what a caller can observe is checked: what the store's reads answer, and the audit
 * events as stored. Every case builds its own world under a fresh tag, so the real store can
 * run on a database that other suites share: names, ids, extensions and phone numbers are
 * unique to the case, and nothing global (the global policy's settings) is changed.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OBSERVATION_WINDOW_MS, TEMPORARY_LOCKOUT_MS, type LogonLimits } from '../../lib/pin/lockout';
import { GLOBAL_POLICY, policyDefaults } from '../../lib/pin/policy';
import type { NewPin, PinStore } from '../../lib/pin/store';
import { emptyPinState, type Actor, type AuditEventInput, type AuditOutcome, type DirectoryUserRecord, type PinPolicy } from '../../lib/pin/types';

/** What a store starts with. The global policy exists in every world, with its settings left alone. */
export type ContractWorld = { users: DirectoryUserRecord[]; sites: string[]; policies: PinPolicy[] };

/** An audit event as a reader of the trail sees it (absent parts as the trail stores them). */
export type StoredAuditEvent = {
  at: number;
  actorType: string;
  actorId: string | null;
  actorName: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetName: string;
  sourceAddress: string;
  userAgent: string;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
};

export type StoreUnderTest = {
  store: PinStore;
  /** The audit events appended through this store since it was made, oldest first. */
  auditEvents(): Promise<StoredAuditEvent[]>;
};

export type MakeStore = (world: ContractWorld) => Promise<StoreUnderTest>;

/** How an appended event should read back from the trail. */
export function expectedStored(event: AuditEventInput): StoredAuditEvent {
  return {
    at: event.at,
    actorType: event.actor.type,
    actorId: 'id' in event.actor ? event.actor.id : null,
    actorName: event.actor.name,
    action: event.action,
    targetType: event.target?.type ?? null,
    targetId: event.target?.id ?? null,
    targetName: event.target?.name ?? '',
    sourceAddress: event.context?.sourceAddress ?? '',
    userAgent: event.context?.userAgent ?? '',
    outcome: event.outcome,
    details: event.details ?? {},
  };
}

const T0 = Date.UTC(2026, 0, 5, 9);
const admin: Actor = { type: 'user', id: 'u-contract-admin', name: 'Alex Admin' };

/** A world of six users under a fresh tag: what each case starts from. */
function buildWorld() {
  const tag = `c${randomInt(36 ** 6)
    .toString(36)
    .padStart(6, '0')}`;
  // Seven-digit extensions and +1888 numbers: other suites use six digits and +1999.
  const base = 1_000_000 + randomInt(8_000_000);
  const ext = (n: number) => String(base + n);
  const number = (n: number) => `1888${String(base + n).padStart(7, '0')}`;
  const redmond = `Redmond-${tag}`;
  const dublin = `Dublin-${tag}`;
  const finance = `tag:Finance-${tag}`;
  const sitePolicy = `site:${redmond}`;

  const user = (key: string, first: string, last: string, fields: Partial<DirectoryUserRecord>): DirectoryUserRecord => {
    const logon = `${first}.${last}.${key}.${tag}`.toLowerCase();
    return {
      id: `${key}-${tag}`,
      displayName: `${tag} ${first} ${last}`,
      samAccountName: logon.replaceAll('.', ''),
      domain: 'litwareinc',
      upn: `${logon}@litwareinc.com`,
      sipAddress: `sip:${logon}@litwareinc.com`,
      distinguishedName: `CN=${tag} ${first} ${last} ${key},OU=Users,DC=litwareinc,DC=com`,
      lineUri: '',
      extension: '',
      otherPhones: [],
      siteName: null,
      enabled: true,
      grantedPolicy: null,
      ...fields,
    };
  };
  const ken = user('ken', 'Ken', 'Myer', {
    distinguishedName: `CN=${tag} Ken Myer,OU=Finance,DC=litwareinc,DC=com`,
    lineUri: `tel:+${number(0)};ext=${ext(0)}`,
    extension: ext(0),
    otherPhones: ['+1 (206) 555-0188', '+44 20 7946 0958'],
    siteName: redmond,
    grantedPolicy: finance,
  });
  // A UPN that is not the SIP address, and a disabled account.
  const pilar = user('pilar', 'Pilar', 'Ackerman', {
    upn: `pilar.ackerman.${tag}@corp.litwareinc.com`,
    sipAddress: `sip:pilar.${tag}@litwareinc.com`,
    lineUri: `tel:+${number(1)};ext=${ext(1)}`,
    extension: ext(1),
    siteName: dublin,
    enabled: false,
  });
  // Anne and Bob share a main number and differ by extension; a second Anne Smith sorts after the first by id.
  const anne = user('anne', 'Anne', 'Smith', { lineUri: `tel:+${number(2)};ext=${ext(2)}`, extension: ext(2), siteName: redmond });
  const anne2 = user('anne2', 'Anne', 'Smith', { siteName: redmond });
  const bob = user('bob', 'Bob', 'Smith', { lineUri: `tel:+${number(2)};ext=${ext(3)}`, extension: ext(3), siteName: dublin });
  const carol = user('carol', 'Carol', 'Smith', { lineUri: `tel:+${number(4)}`, extension: ext(4) });

  // Neither users nor policies are given in the order the store answers in.
  const policies: PinPolicy[] = [
    { identity: finance, scope: 'user', ...policyDefaults, description: 'Finance', pinHistoryCount: 3, maximumLogonAttempts: 4 },
    { identity: sitePolicy, scope: 'site', ...policyDefaults, description: 'Redmond site', minPasswordLength: 6 },
  ];
  const world: ContractWorld = { users: [carol, bob, anne2, pilar, anne, ken], sites: [redmond, dublin], policies };
  return { tag, world, ken, pilar, anne, anne2, bob, carol, redmond, dublin, finance, sitePolicy, number, ext };
}

const pin = (hash: string, setAt: number, fields: Partial<NewPin> = {}): NewPin => ({
  hash,
  length: 5,
  setAt,
  method: 'admin_set',
  setBy: 'Alex Admin',
  ...fields,
});

const event = (action: string, at: number, fields: Partial<AuditEventInput> = {}): AuditEventInput => ({
  at,
  actor: admin,
  action,
  outcome: 'success',
  ...fields,
});

const byIdentity = (policies: PinPolicy[]) => [...policies].sort((a, b) => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
const ids = (users: DirectoryUserRecord[]) => users.map((u) => u.id);

export function describePinStoreContract(name: string, makeStore: MakeStore): void {
  async function setUp() {
    const built = buildWorld();
    const { store, auditEvents } = await makeStore(built.world);
    return { ...built, store, auditEvents };
  }

  describe(`PinStore contract: ${name}`, () => {
    describe('finding users', () => {
      it('by id, SIP address, SIP address or UPN, account and distinguished name: the whole record', async () => {
        const { store, ken, pilar } = await setUp();
        expect(await store.findUsers({ kind: 'id', id: ken.id }, 10)).toEqual([ken]);
        expect(await store.findUsers({ kind: 'sip', sipAddress: pilar.sipAddress }, 10)).toEqual([pilar]);
        expect(await store.findUsers({ kind: 'sip-or-upn', value: pilar.sipAddress.slice(4) }, 10)).toEqual([pilar]);
        expect(await store.findUsers({ kind: 'sip-or-upn', value: pilar.upn }, 10)).toEqual([pilar]);
        expect(await store.findUsers({ kind: 'account', domain: 'litwareinc', samAccountName: ken.samAccountName }, 10)).toEqual([ken]);
        expect(await store.findUsers({ kind: 'dn', distinguishedName: ken.distinguishedName }, 10)).toEqual([ken]);
      });

      it('unknown identities find nobody; a distinguished name matches only as stored, case included', async () => {
        const { store, tag, ken } = await setUp();
        expect(await store.findUsers({ kind: 'id', id: `nobody-${tag}` }, 10)).toEqual([]);
        expect(await store.findUsers({ kind: 'sip', sipAddress: `sip:nobody.${tag}@litwareinc.com` }, 10)).toEqual([]);
        expect(await store.findUsers({ kind: 'sip-or-upn', value: `nobody.${tag}@litwareinc.com` }, 10)).toEqual([]);
        expect(await store.findUsers({ kind: 'account', domain: 'fabrikam', samAccountName: ken.samAccountName }, 10)).toEqual([]);
        expect(await store.findUsers({ kind: 'dn', distinguishedName: ken.distinguishedName.toLowerCase() }, 10)).toEqual([]);
      });

      it('by display name: case-insensitive, * for any run, LIKE wildcards literal, ordered by name then id, up to the limit', async () => {
        const { store, tag, anne, anne2, bob, carol, ken } = await setUp();
        expect(ids(await store.findUsers({ kind: 'display-name', pattern: `${tag.toUpperCase()} * SMITH` }, 10))).toEqual(ids([anne, anne2, bob, carol]));
        expect(ids(await store.findUsers({ kind: 'display-name', pattern: `${tag} ** smith` }, 2))).toEqual(ids([anne, anne2]));
        expect(ids(await store.findUsers({ kind: 'display-name', pattern: `${tag} ken myer` }, 10))).toEqual(ids([ken]));
        expect(ids(await store.findUsers({ kind: 'display-name', pattern: `*${tag} k*` }, 10))).toEqual(ids([ken]));
        expect(await store.findUsers({ kind: 'display-name', pattern: `${tag} _nne smith` }, 10)).toEqual([]);
        expect(await store.findUsers({ kind: 'display-name', pattern: `${tag} % smith` }, 10)).toEqual([]);
        expect(await store.findUsers({ kind: 'display-name', pattern: `${tag} ken` }, 10)).toEqual([]);
      });

      it('callers by extension, by phone number (any of its candidates, with or without extension), by SIP or UPN', async () => {
        const { store, tag, ken, pilar, anne, bob, carol, number, ext } = await setUp();
        expect(await store.findCallers({ kind: 'extension', extension: ken.extension }, 10)).toEqual([ken]);
        expect(ids(await store.findCallers({ kind: 'phone', digits: [`9${number(2)}`, number(2)], extension: null }, 10))).toEqual(ids([anne, bob]));
        expect(ids(await store.findCallers({ kind: 'phone', digits: [number(2)], extension: ext(3) }, 10))).toEqual(ids([bob]));
        expect(ids(await store.findCallers({ kind: 'phone', digits: [number(4)], extension: null }, 10))).toEqual(ids([carol]));
        expect(ids(await store.findCallers({ kind: 'phone', digits: [number(2)], extension: null }, 1))).toEqual(ids([anne]));
        expect(ids(await store.findCallers({ kind: 'sip-or-upn', value: pilar.upn }, 10))).toEqual(ids([pilar]));
        expect(ids(await store.findCallers({ kind: 'sip-or-upn', value: pilar.sipAddress.slice(4) }, 10))).toEqual(ids([pilar]));
        expect(await store.findCallers({ kind: 'extension', extension: ext(9) }, 10)).toEqual([]);
        expect(await store.findCallers({ kind: 'phone', digits: [number(2)], extension: ext(9) }, 10)).toEqual([]);
        expect(await store.findCallers({ kind: 'sip-or-upn', value: `nobody.${tag}@litwareinc.com` }, 10)).toEqual([]);
      });

      it('logon candidates: the user, their PIN state (null when none), and their granted, site and global policies in that order', async () => {
        const { store, ken, bob, anne, finance, sitePolicy, number } = await setUp();
        const [kenCandidate] = await store.findLogonCandidates({ kind: 'extension', extension: ken.extension }, 10);
        expect(kenCandidate.user).toEqual(ken);
        expect(kenCandidate.state).toBeNull();
        expect(kenCandidate.policies.map((p) => p.identity)).toEqual([finance, sitePolicy, GLOBAL_POLICY]);
        expect(kenCandidate.policies[0]).toEqual({
          identity: finance,
          scope: 'user',
          ...policyDefaults,
          description: 'Finance',
          pinHistoryCount: 3,
          maximumLogonAttempts: 4,
        });

        await store.transaction((tx) => tx.savePin(bob.id, pin('h-bob', T0)));
        const candidates = await store.findLogonCandidates({ kind: 'phone', digits: [number(2)], extension: null }, 10);
        expect(candidates.map((c) => c.user.id)).toEqual(ids([anne, bob]));
        expect(candidates[0].policies.map((p) => p.identity)).toEqual([sitePolicy, GLOBAL_POLICY]);
        expect(candidates[1].policies.map((p) => p.identity)).toEqual([GLOBAL_POLICY]);
        expect(candidates[0].state).toBeNull();
        expect(candidates[1].state).toEqual(await store.getPinState(bob.id));
        expect(candidates[1].state?.pinHash).toBe('h-bob');
      });
    });

    describe('PINs', () => {
      it('no state until something is stored; savePin stores the PIN and who set it, how and when', async () => {
        const { store, ken } = await setUp();
        expect(await store.getPinState(ken.id)).toBeNull();
        await store.transaction((tx) => tx.savePin(ken.id, pin('h1', T0, { length: 6, method: 'admin_generated', setBy: 'Helen Desk' })));
        expect(await store.getPinState(ken.id)).toEqual({
          ...emptyPinState,
          pinHash: 'h1',
          pinLength: 6,
          pinSetAt: T0,
          pinSetMethod: 'admin_generated',
          pinSetBy: 'Helen Desk',
        });
      });

      it('savePin clears failures and temporary and system locks, keeps an administrator lock and the last failure time', async () => {
        const { store, ken, anne } = await setUp();
        const limits: LogonLimits = { local: 2, global: 2 };
        await store.transaction((tx) => tx.savePin(ken.id, pin('h1', T0)));
        await store.claimLogonAttempt(ken.id, T0 + 1, limits);
        expect(await store.claimLogonAttempt(ken.id, T0 + 2, limits)).toMatchObject({ triggeredTemporaryLock: true, triggeredSystemLock: true });
        await store.transaction((tx) => tx.savePin(ken.id, pin('h2', T0 + 3)));
        expect(await store.getPinState(ken.id)).toMatchObject({
          pinHash: 'h2',
          pinSetAt: T0 + 3,
          localFailures: 0,
          globalFailures: 0,
          windowStart: null,
          lockedUntil: null,
          systemLockedAt: null,
          lastFailureAt: T0 + 2,
        });

        await store.transaction((tx) => tx.setAdminLock(anne.id, T0, 'Alex Admin'));
        await store.transaction((tx) => tx.savePin(anne.id, pin('h3', T0 + 1)));
        expect(await store.getPinState(anne.id)).toMatchObject({ pinHash: 'h3', adminLockedAt: T0, adminLockedBy: 'Alex Admin' });
      });

      it('history: newest first, the current PIN included, as many as asked, 20 kept', async () => {
        const { store, ken, bob } = await setUp();
        await store.transaction(async (tx) => {
          for (let i = 1; i <= 22; i++) await tx.savePin(ken.id, pin(`h${i}`, T0 + i));
        });
        expect(await store.getPinHistory(ken.id, 3)).toEqual(['h22', 'h21', 'h20']);
        expect(await store.getPinHistory(ken.id, 0)).toEqual([]);
        const all = await store.getPinHistory(ken.id, 50);
        expect(all).toHaveLength(20);
        expect(all.at(-1)).toBe('h3');
        expect(await store.getPinHistory(bob.id, 5)).toEqual([]);
      });

      it('replacePinHash swaps the current hash only while it is still the one given, and its copy in the history', async () => {
        const { store, ken } = await setUp();
        await store.transaction(async (tx) => {
          await tx.savePin(ken.id, pin('old', T0));
          await tx.savePin(ken.id, pin('current', T0 + 1));
        });
        await store.transaction((tx) => tx.replacePinHash(ken.id, 'current', 'rehashed'));
        expect((await store.getPinState(ken.id))?.pinHash).toBe('rehashed');
        expect(await store.getPinHistory(ken.id, 5)).toEqual(['rehashed', 'old']);

        // The PIN changed meanwhile: the current one stays; the older copy in the history is still replaced.
        await store.transaction((tx) => tx.replacePinHash(ken.id, 'old', 'old-rehashed'));
        expect((await store.getPinState(ken.id))?.pinHash).toBe('rehashed');
        expect(await store.getPinHistory(ken.id, 5)).toEqual(['rehashed', 'old-rehashed']);
      });
    });

    describe('locks', () => {
      it('setAdminLock locks a user who has no PIN state yet, and records when and by whom', async () => {
        const { store, ken } = await setUp();
        await store.transaction((tx) => tx.setAdminLock(ken.id, T0, 'Alex Admin'));
        expect(await store.getPinState(ken.id)).toEqual({ ...emptyPinState, adminLockedAt: T0, adminLockedBy: 'Alex Admin' });
        await store.transaction((tx) => tx.setAdminLock(ken.id, T0 + 5, 'Helen Desk'));
        expect(await store.getPinState(ken.id)).toMatchObject({ adminLockedAt: T0 + 5, adminLockedBy: 'Helen Desk' });
      });

      it('unlock lifts every lock and resets the failures, keeping the PIN; a user without PIN state keeps none', async () => {
        const { store, ken, bob } = await setUp();
        const limits: LogonLimits = { local: 1, global: 1 };
        await store.transaction((tx) => tx.savePin(ken.id, pin('h1', T0)));
        await store.claimLogonAttempt(ken.id, T0 + 1, limits);
        await store.transaction((tx) => tx.setAdminLock(ken.id, T0 + 2, 'Alex Admin'));
        await store.transaction((tx) => tx.unlock(ken.id));
        expect(await store.getPinState(ken.id)).toEqual({
          ...emptyPinState,
          pinHash: 'h1',
          pinLength: 5,
          pinSetAt: T0,
          pinSetMethod: 'admin_set',
          pinSetBy: 'Alex Admin',
          lastFailureAt: T0 + 1,
        });
        expect(await store.claimLogonAttempt(ken.id, T0 + 3, { local: 10, global: 100 })).not.toBeNull();

        await store.transaction((tx) => tx.unlock(bob.id));
        expect(await store.getPinState(bob.id)).toBeNull();
      });
    });

    describe('logon attempts', () => {
      it('are refused, and not counted, without a PIN or while any lock holds', async () => {
        const { store, ken, anne, bob, carol } = await setUp();
        const limits: LogonLimits = { local: 5, global: 1 };
        expect(await store.claimLogonAttempt(ken.id, T0, limits)).toBeNull();
        // A state without a PIN: locked, then unlocked.
        await store.transaction((tx) => tx.setAdminLock(bob.id, T0, 'Alex Admin'));
        await store.transaction((tx) => tx.unlock(bob.id));
        expect(await store.claimLogonAttempt(bob.id, T0, limits)).toBeNull();

        await store.transaction(async (tx) => {
          await tx.savePin(anne.id, pin('h', T0));
          await tx.setAdminLock(anne.id, T0, 'Alex Admin');
          await tx.savePin(carol.id, pin('h', T0));
        });
        expect(await store.claimLogonAttempt(anne.id, T0 + 1, limits)).toBeNull();
        expect(await store.getPinState(anne.id)).toMatchObject({ localFailures: 0, globalFailures: 0, lastFailureAt: null });

        // Carol's first failure reaches the global limit: a system lock, refusing from then on.
        expect(await store.claimLogonAttempt(carol.id, T0 + 1, limits)).toEqual({
          localFailures: 1,
          globalFailures: 1,
          triggeredTemporaryLock: false,
          triggeredSystemLock: true,
        });
        expect(await store.claimLogonAttempt(carol.id, T0 + 10 * TEMPORARY_LOCKOUT_MS, limits)).toBeNull();
        expect(await store.getPinState(carol.id)).toMatchObject({ systemLockedAt: T0 + 1, globalFailures: 1 });
      });

      it('count failures in a window, lock temporarily at the local limit, and open a new window when the lockout ends', async () => {
        const { store, ken } = await setUp();
        const limits: LogonLimits = { local: 3, global: 5 };
        await store.transaction((tx) => tx.savePin(ken.id, pin('h', T0)));
        expect(await store.claimLogonAttempt(ken.id, T0 + 1, limits)).toEqual({
          localFailures: 1,
          globalFailures: 1,
          triggeredTemporaryLock: false,
          triggeredSystemLock: false,
        });
        expect(await store.claimLogonAttempt(ken.id, T0 + 2, limits)).toEqual({
          localFailures: 2,
          globalFailures: 2,
          triggeredTemporaryLock: false,
          triggeredSystemLock: false,
        });
        expect(await store.claimLogonAttempt(ken.id, T0 + 3, limits)).toEqual({
          localFailures: 3,
          globalFailures: 3,
          triggeredTemporaryLock: true,
          triggeredSystemLock: false,
        });
        expect(await store.getPinState(ken.id)).toMatchObject({ windowStart: T0 + 1, lockedUntil: T0 + 3 + TEMPORARY_LOCKOUT_MS, lastFailureAt: T0 + 3 });
        expect(await store.claimLogonAttempt(ken.id, T0 + 2 + TEMPORARY_LOCKOUT_MS, limits)).toBeNull();

        const after = T0 + 3 + TEMPORARY_LOCKOUT_MS;
        expect(await store.claimLogonAttempt(ken.id, after, limits)).toEqual({
          localFailures: 1,
          globalFailures: 4,
          triggeredTemporaryLock: false,
          triggeredSystemLock: false,
        });
        expect(await store.getPinState(ken.id)).toMatchObject({ windowStart: after, lockedUntil: null, localFailures: 1 });
        expect(await store.claimLogonAttempt(ken.id, after + 1, limits)).toEqual({
          localFailures: 2,
          globalFailures: 5,
          triggeredTemporaryLock: false,
          triggeredSystemLock: true,
        });
        expect(await store.getPinState(ken.id)).toMatchObject({ systemLockedAt: after + 1 });
      });

      it('start a new window once the observation window has passed', async () => {
        const { store, ken } = await setUp();
        const limits: LogonLimits = { local: 3, global: 100 };
        await store.transaction((tx) => tx.savePin(ken.id, pin('h', T0)));
        await store.claimLogonAttempt(ken.id, T0, limits);
        await store.claimLogonAttempt(ken.id, T0 + OBSERVATION_WINDOW_MS - 1, limits);
        expect(await store.claimLogonAttempt(ken.id, T0 + OBSERVATION_WINDOW_MS, limits)).toEqual({
          localFailures: 1,
          globalFailures: 3,
          triggeredTemporaryLock: false,
          triggeredSystemLock: false,
        });
        expect(await store.getPinState(ken.id)).toMatchObject({ windowStart: T0 + OBSERVATION_WINDOW_MS, localFailures: 1, globalFailures: 3 });
      });

      it('a settled success takes its failure back, ends the window, lifts a lock it triggered and records the logon', async () => {
        const { store, ken, anne } = await setUp();
        await store.transaction(async (tx) => {
          await tx.savePin(ken.id, pin('h', T0));
          await tx.savePin(anne.id, pin('h', T0));
        });
        const limits: LogonLimits = { local: 2, global: 3 };
        await store.claimLogonAttempt(ken.id, T0 + 1, limits);
        const claim = await store.claimLogonAttempt(ken.id, T0 + 2, limits);
        expect(claim).toMatchObject({ triggeredTemporaryLock: true });
        await store.settleLogonSuccess(ken.id, T0 + 2, claim!);
        expect(await store.getPinState(ken.id)).toMatchObject({
          localFailures: 0,
          globalFailures: 1,
          windowStart: null,
          lockedUntil: null,
          systemLockedAt: null,
          lastFailureAt: T0 + 2,
          lastLogonAt: T0 + 2,
        });

        const systemLimits: LogonLimits = { local: 10, global: 1 };
        const systemClaim = await store.claimLogonAttempt(anne.id, T0 + 5, systemLimits);
        expect(systemClaim).toMatchObject({ triggeredSystemLock: true });
        await store.settleLogonSuccess(anne.id, T0 + 5, systemClaim!);
        expect(await store.getPinState(anne.id)).toMatchObject({ systemLockedAt: null, globalFailures: 0, lastLogonAt: T0 + 5 });
        expect(await store.claimLogonAttempt(anne.id, T0 + 6, systemLimits)).not.toBeNull();
      });
    });

    describe('policies', () => {
      it('create, read, update and delete; getPolicies leaves out identities that have none', async () => {
        const { store, tag, finance, sitePolicy } = await setUp();
        const dublinPolicy: PinPolicy = { identity: `site:Dublin-${tag}`, scope: 'site', ...policyDefaults, description: 'Dublin', pinLifetime: 90 };
        await store.transaction((tx) => tx.createPolicy(dublinPolicy));
        const found = await store.getPolicies([dublinPolicy.identity, `tag:nothing-${tag}`, finance]);
        expect(byIdentity(found)).toEqual(
          byIdentity([
            dublinPolicy,
            { identity: finance, scope: 'user', ...policyDefaults, description: 'Finance', pinHistoryCount: 3, maximumLogonAttempts: 4 },
          ]),
        );
        expect(await store.getPolicies([])).toEqual([]);

        const changed: PinPolicy = {
          ...dublinPolicy,
          description: '',
          minPasswordLength: 8,
          pinHistoryCount: 5,
          pinLifetime: 0,
          allowCommonPatterns: true,
          maximumLogonAttempts: 7,
        };
        await store.transaction((tx) => tx.updatePolicy(changed));
        expect(await store.getPolicies([dublinPolicy.identity])).toEqual([changed]);

        await store.transaction((tx) => tx.deletePolicy(dublinPolicy.identity));
        expect(await store.getPolicies([dublinPolicy.identity, sitePolicy])).toEqual([expect.objectContaining({ identity: sitePolicy })]);
      });

      it('listPolicies: every policy, the global one included, ordered by identity', async () => {
        const { store, tag, finance, sitePolicy } = await setUp();
        const listed = await store.listPolicies();
        expect(listed.map((p) => p.identity)).toEqual(byIdentity(listed).map((p) => p.identity));
        const ours = listed.filter((p) => p.identity.endsWith(tag) || p.identity === GLOBAL_POLICY).map((p) => p.identity);
        expect(ours).toEqual([GLOBAL_POLICY, sitePolicy, finance]);
      });

      it('creating an identity that exists, or updating or deleting one that does not, fails and changes nothing', async () => {
        const { store, tag, finance } = await setUp();
        const before = await store.getPolicies([finance]);
        const missing: PinPolicy = { identity: `tag:missing-${tag}`, scope: 'user', ...policyDefaults };
        await expect(store.transaction((tx) => tx.createPolicy({ ...before[0], description: 'again' }))).rejects.toThrow();
        await expect(store.transaction((tx) => tx.updatePolicy(missing))).rejects.toThrow();
        await expect(store.transaction((tx) => tx.deletePolicy(missing.identity))).rejects.toThrow();
        expect(await store.getPolicies([finance, missing.identity])).toEqual(before);
      });

      it('grantPolicy grants a per-user policy to users or takes it away; an identity without a policy grants none', async () => {
        const { store, tag, anne, bob, carol, ken, finance } = await setUp();
        await store.transaction((tx) => tx.grantPolicy([anne.id, bob.id], finance));
        expect((await store.findUsers({ kind: 'id', id: anne.id }, 1))[0].grantedPolicy).toBe(finance);
        expect((await store.findUsers({ kind: 'id', id: bob.id }, 1))[0].grantedPolicy).toBe(finance);
        expect(await store.countUsersGoverned(finance)).toBe(3);

        await store.transaction((tx) => tx.grantPolicy([ken.id, anne.id], null));
        expect((await store.findUsers({ kind: 'id', id: ken.id }, 1))[0].grantedPolicy).toBeNull();
        expect(await store.countUsersGoverned(finance)).toBe(1);

        await store.transaction((tx) => tx.grantPolicy([bob.id, carol.id], `tag:missing-${tag}`));
        expect((await store.findUsers({ kind: 'id', id: bob.id }, 1))[0].grantedPolicy).toBeNull();
        expect((await store.findUsers({ kind: 'id', id: carol.id }, 1))[0].grantedPolicy).toBeNull();
        expect(await store.countUsersGoverned(`tag:missing-${tag}`)).toBe(0);
      });

      it('deleting a per-user policy takes it away from its users', async () => {
        const { store, ken, anne, finance } = await setUp();
        await store.transaction((tx) => tx.grantPolicy([anne.id], finance));
        await store.transaction((tx) => tx.deletePolicy(finance));
        expect((await store.findUsers({ kind: 'id', id: ken.id }, 1))[0].grantedPolicy).toBeNull();
        expect((await store.findUsers({ kind: 'id', id: anne.id }, 1))[0].grantedPolicy).toBeNull();
        expect(await store.countUsersGoverned(finance)).toBe(0);
      });

      it('countUsersGoverned: by grant, by site when not granted, and global for users governed by neither', async () => {
        const { store, tag, redmond, dublin, finance, sitePolicy, anne, bob, carol } = await setUp();
        expect(await store.countUsersGoverned(finance)).toBe(1); // Ken
        expect(await store.countUsersGoverned(sitePolicy)).toBe(2); // Anne and the other Anne (Ken is granted)
        expect(await store.countUsersGoverned(`site:${dublin}`)).toBe(2); // no policy, but its users: Pilar and Bob

        // Global counts every user of the database it governs: measured by what a change moves.
        const globalBefore = await store.countUsersGoverned(GLOBAL_POLICY);
        await store.transaction((tx) => tx.grantPolicy([carol.id], finance)); // Carol (no site) leaves global
        expect(await store.countUsersGoverned(GLOBAL_POLICY)).toBe(globalBefore - 1);
        await store.transaction((tx) => tx.createPolicy({ identity: `site:${dublin}`, scope: 'site', ...policyDefaults })); // Pilar and Bob leave global
        expect(await store.countUsersGoverned(GLOBAL_POLICY)).toBe(globalBefore - 3);
        await store.transaction((tx) => tx.grantPolicy([anne.id, bob.id, carol.id], null)); // Carol returns; Anne and Bob stay with their sites
        expect(await store.countUsersGoverned(GLOBAL_POLICY)).toBe(globalBefore - 2);
        expect(await store.countUsersGoverned(`site:${redmond}`)).toBe(2);
        expect(await store.countUsersGoverned(`tag:none-${tag}`)).toBe(0);
      });

      it('siteExists: the directory sites, by exact name', async () => {
        const { store, tag, redmond } = await setUp();
        expect(await store.siteExists(redmond)).toBe(true);
        expect(await store.siteExists(redmond.toUpperCase())).toBe(false);
        expect(await store.siteExists(`Paris-${tag}`)).toBe(false);
      });
    });

    describe('transactions and the audit trail', () => {
      it('commit every write and audit event together, and return what the function returns', async () => {
        const { store, auditEvents, ken, anne, finance } = await setUp();
        const events = [
          event('pin.set', T0, { target: { type: 'user', id: ken.id, name: ken.sipAddress }, details: { length: 5 } }),
          event('pin.locked', T0 + 1),
        ];
        const result = await store.transaction(async (tx) => {
          await tx.savePin(ken.id, pin('h', T0));
          await tx.setAdminLock(anne.id, T0, 'Alex Admin');
          await tx.grantPolicy([anne.id], finance);
          for (const e of events) await tx.appendAudit(e);
          // A transaction reads its own writes.
          return (await tx.getPinState(ken.id))?.pinHash;
        });
        expect(result).toBe('h');
        expect(await store.getPinState(anne.id)).toMatchObject({ adminLockedAt: T0 });
        expect((await store.findUsers({ kind: 'id', id: anne.id }, 1))[0].grantedPolicy).toBe(finance);
        expect(await auditEvents()).toEqual(events.map(expectedStored));
      });

      it('read inside a transaction as outside it', async () => {
        const { store, ken, anne, finance, sitePolicy, redmond, number } = await setUp();
        await store.transaction(async (tx) => {
          await tx.savePin(ken.id, pin('h1', T0));
          await tx.savePin(ken.id, pin('h2', T0 + 1));
          await tx.setAdminLock(anne.id, T0, 'Alex Admin');
        });
        const reads = (reader: Omit<PinStore, 'transaction' | 'claimLogonAttempt' | 'settleLogonSuccess' | 'appendAudit'>) =>
          Promise.all([
            reader.findUsers({ kind: 'display-name', pattern: `* smith` }, 3),
            reader.findUsers({ kind: 'id', id: ken.id }, 1),
            reader.findCallers({ kind: 'phone', digits: [number(2)], extension: null }, 10),
            reader.findLogonCandidates({ kind: 'extension', extension: ken.extension }, 10),
            reader.findLogonCandidates({ kind: 'phone', digits: [number(2)], extension: null }, 10),
            reader.getPinState(ken.id),
            reader.getPinState(anne.id),
            reader.getPinHistory(ken.id, 5),
            reader.getPolicies([finance, sitePolicy]).then(byIdentity),
            reader.siteExists(redmond),
            reader.countUsersGoverned(finance),
            reader.countUsersGoverned(sitePolicy),
          ]);
        const outside = await reads(store);
        expect(await store.transaction((tx) => reads(tx))).toEqual(outside);
        expect(outside[3][0].state?.pinHash).toBe('h2');
      });

      it('a function that throws leaves nothing behind, and its error reaches the caller', async () => {
        const { store, auditEvents, tag, ken, anne, finance } = await setUp();
        const failure = new Error(`rolled back ${tag}`);
        await expect(
          store.transaction(async (tx) => {
            await tx.savePin(ken.id, pin('h', T0));
            await tx.setAdminLock(anne.id, T0, 'Alex Admin');
            await tx.grantPolicy([anne.id], finance);
            await tx.createPolicy({ identity: `tag:new-${tag}`, scope: 'user', ...policyDefaults });
            await tx.deletePolicy(finance);
            await tx.appendAudit(event('pin.set', T0));
            throw failure;
          }),
        ).rejects.toBe(failure);
        expect(await store.getPinState(ken.id)).toBeNull();
        expect(await store.getPinHistory(ken.id, 5)).toEqual([]);
        expect(await store.getPinState(anne.id)).toBeNull();
        expect((await store.findUsers({ kind: 'id', id: ken.id }, 1))[0].grantedPolicy).toBe(finance);
        expect((await store.findUsers({ kind: 'id', id: anne.id }, 1))[0].grantedPolicy).toBeNull();
        expect(await store.getPolicies([`tag:new-${tag}`])).toEqual([]);
        expect(await auditEvents()).toEqual([]);
      });

      it('run one after another: concurrent read-then-write transactions lose no update', async () => {
        const { store, ken } = await setUp();
        await store.transaction((tx) => tx.savePin(ken.id, pin('h0', T0, { length: 0 })));
        await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            store.transaction(async (tx) => {
              const state = await tx.getPinState(ken.id);
              await tx.savePin(ken.id, pin(`h${i + 1}`, T0 + i + 1, { length: (state?.pinLength ?? 0) + 1 }));
            }),
          ),
        );
        expect((await store.getPinState(ken.id))?.pinLength).toBe(5);
        expect(await store.getPinHistory(ken.id, 10)).toHaveLength(6);
      });

      it('appendAudit on its own stores every field of the event, in order', async () => {
        const { store, auditEvents, ken } = await setUp();
        const events: AuditEventInput[] = [
          event('pin.logon', T0, {
            actor: { type: 'bridge', id: 'b-contract', name: 'Bridge One' },
            target: { type: 'user', id: ken.id, name: ken.sipAddress },
            context: { sourceAddress: '192.0.2.10', userAgent: 'bridge/1.0' },
            outcome: 'failure',
            details: { reason: 'wrong_pin', attempt: { local: 1, global: 1 } },
          }),
          event('auth.sign_in', T0 + 1, {
            actor: { type: 'anonymous', name: 'someone@litwareinc.com' },
            outcome: 'denied',
            target: { type: 'user', id: null, name: 'someone' },
          }),
          event('audit.verified', T0 + 2, { actor: { type: 'cli', name: 'root' } }),
        ];
        for (const e of events) await store.appendAudit(e);
        expect(await auditEvents()).toEqual(events.map(expectedStored));
      });
    });
  });
}
