/**
 * The Overview's numbers on the real store: the hourly counts are kept as the events are
 * written (each append path), malformed requests are counted, events from before the counts
 * existed are backfilled once however many instances run it, old counts are pruned, and each
 * tile counts exactly the users its Users search selects.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { backfillActivityCounts } from '../../lib/db/activity-backfill';
import { pruneActivityCounts } from '../../lib/db/activity-counts';
import { appendChainedInPrisma } from '../../lib/db/audit-writer';
import { countMalformedLogon } from '../../lib/db/malformed-logon-counter';
import { readOverview, readOverviewTiles } from '../../lib/db/overview';
import { searchUsers } from '../../lib/db/user-search';
import { tileSearch, type OverviewTile } from '../../lib/overview/tile-searches';
import type { OverviewTiles } from '../../lib/overview/overview-types';
import { generatePin, lockPin, setOwnPin, setPin, verifyPinLogon } from '../../lib/pin';
import { admin, countingHasher, createUser, db, handle, manualClock, store, target } from './helpers';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const bridge = { type: 'bridge' as const, id: 'overview-test-bridge', name: 'Overview test bridge' };
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Counts at a time of their own, after everything the rest of the suite writes. */
const hourOfTest = (n: number) => Date.UTC(2031, 0, 1 + n, 10);

const countOf = <T extends { key: string; hour: number; count: number }>(rows: T[], key: string, hour: number) =>
  rows.filter((r) => r.key === key && r.hour === hour).reduce((sum, r) => sum + r.count, 0);

describe(`Overview on ${target.provider}`, () => {
  it('counts logons by outcome, failures by user and bridge, lockouts and PIN changes as they are written', async () => {
    const hour = hourOfTest(0);
    const clock = manualClock(hour + 20 * 60 * 1000);
    const deps = { store, hasher: countingHasher(), clock };
    const user = await createUser();
    await setPin(deps, { user: { userId: user.id }, pin: '97153', actor: admin });
    await generatePin(deps, { user: { userId: user.id }, actor: admin });
    await setOwnPin(deps, { userId: user.id, pin: '86420' });
    const logon = (pin: string, identity = user.extension) => verifyPinLogon(deps, { identity, pin, actor: bridge });
    expect((await logon('86420')).result).toBe('accepted');
    // The local limit of a 5-digit PIN is 25: the 25th wrong PIN starts a temporary lockout.
    for (let i = 0; i < 25; i++) await logon('13579');
    expect(await logon('86420')).toMatchObject({ result: 'rejected', reason: 'locked-temporary' });
    await logon('13579', 'sip:nobody-at-all@litwareinc.com');
    await lockPin(deps, { user: { userId: user.id }, actor: admin });
    await lockPin(deps, { user: { userId: user.id }, actor: admin });

    const data = await readOverview(handle, clock.now());
    expect(Object.fromEntries(['accepted', 'wrongPin', 'locked', 'unknownCaller', 'noUsablePin'].map((k) => [k, countOf(data.logons, k, hour)]))).toEqual({
      accepted: 1,
      wrongPin: 25,
      locked: 1,
      unknownCaller: 1,
      noUsablePin: 0,
    });
    // The admin lock counts once: the second Lock PIN found it locked already.
    expect({ temporary: countOf(data.lockouts, 'temporary', hour), admin: countOf(data.lockouts, 'admin', hour) }).toEqual({ temporary: 1, admin: 1 });
    expect(['adminSet', 'generated', 'selfService', 'bulk'].map((k) => countOf(data.pinChanges, k, hour))).toEqual([1, 1, 1, 0]);
    expect(data.topUsers).toContainEqual({ id: user.id, name: user.displayName, sipAddress: user.sipAddress, failures: 26 });
    expect(data.topBridges).toContainEqual({ id: bridge.id, name: null, sipAddress: null, failures: 27 });

    // The counts say what the audit trail says.
    const audited = await db.auditEvent.count({ where: { action: 'pin.logon', at: { gte: new Date(hour), lt: new Date(hour + HOUR) } } });
    expect(data.logons.filter((r) => r.hour === hour).reduce((sum, r) => sum + r.count, 0)).toBe(audited);
  });

  it('counts what is appended inside a Prisma transaction', async () => {
    const hour = hourOfTest(1);
    const user = await createUser();
    await db.$transaction((tx) =>
      appendChainedInPrisma(tx, [
        { at: hour + 1000, actor: admin, action: 'pin.locked', target: { type: 'user', id: user.id, name: user.sipAddress }, outcome: 'success', details: {} },
      ]),
    );
    const data = await readOverview(handle, hour + 2000);
    expect(countOf(data.lockouts, 'admin', hour)).toBe(1);
  });

  it('counts malformed bridge requests, written within about a second', async () => {
    const hour = hourOfTest(2);
    for (let i = 0; i < 3; i++) countMalformedLogon(handle, hour + i);
    await expect.poll(async () => countOf((await readOverview(handle, hour + HOUR - 1)).logons, 'malformed', hour), { timeout: 5000 }).toBe(3);
  });

  it('backfills events written before the counts existed, once, with several instances at it', async () => {
    const hour = hourOfTest(3);
    const clock = manualClock(hour + 5 * 60 * 1000);
    const deps = { store, hasher: countingHasher(), clock };
    const user = await createUser();
    const before = (await db.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0;
    await setPin(deps, { user: { userId: user.id }, pin: '97153', actor: admin });
    for (let i = 0; i < 3; i++) await verifyPinLogon(deps, { identity: user.extension, pin: '11111', actor: bridge });
    const live = await readOverview(handle, clock.now());
    const until = (await db.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0;
    // As if these events had been written by a version without the counts.
    await db.activityCount.deleteMany({ where: { hour: BigInt(hour) } });
    const saved = await db.activityBackfill.findUnique({ where: { id: 1 } });
    cleanups.push(() => (saved ? db.activityBackfill.update({ where: { id: 1 }, data: saved }) : db.activityBackfill.deleteMany()));
    await db.activityBackfill.upsert({ where: { id: 1 }, create: { id: 1, untilId: until, doneToId: before }, update: { untilId: until, doneToId: before } });
    expect(countOf((await readOverview(handle, clock.now())).logons, 'wrongPin', hour)).toBe(0);

    await Promise.all([backfillActivityCounts(handle, clock.now()), backfillActivityCounts(handle, clock.now()), backfillActivityCounts(handle, clock.now())]);
    expect(await backfillActivityCounts(handle, clock.now())).toBe(0);
    const backfilled = await readOverview(handle, clock.now());
    for (const series of ['logons', 'pinChanges'] as const)
      expect(backfilled[series].filter((r) => r.hour === hour)).toEqual(live[series].filter((r) => r.hour === hour));
    expect(countOf(backfilled.logons, 'wrongPin', hour)).toBe(3);
    expect(backfilled.topUsers).toContainEqual(expect.objectContaining({ id: user.id, failures: 3 }));
  });

  it('prunes counts older than the charts show', async () => {
    const now = hourOfTest(40);
    const old = { series: 'logon', key: 'accepted', hour: BigInt(now - 32 * DAY), count: 5 };
    const kept = { series: 'logon', key: 'accepted', hour: BigInt(now - 30 * DAY), count: 5 };
    await db.activityCount.createMany({ data: [old, kept] });
    expect(await pruneActivityCounts(handle, now)).toBeGreaterThanOrEqual(1);
    const left = await db.activityCount.findMany({ where: { hour: { in: [old.hour, kept.hour] } } });
    expect(left.map((r) => Number(r.hour))).toEqual([Number(kept.hour)]);
  });

  it('counts in each tile exactly the users its Users search selects', async () => {
    const now = Date.now();
    const tiles = async () => readOverviewTiles(handle, now);
    const searched = async (tile: OverviewTile) => (await searchUsers(handle, { ...tileSearch(tile, Number.MAX_SAFE_INTEGER), max: 100_000 }, now)).total;
    const flat = (t: OverviewTiles): Record<OverviewTile, number> => ({
      enabledUsers: t.enabledUsers,
      withPin: t.withPin,
      withoutPin: t.withoutPin,
      locked: t.locked.temporary + t.locked.system + t.locked.admin,
      'locked.temporary': t.locked.temporary,
      'locked.system': t.locked.system,
      'locked.admin': t.locked.admin,
      expiringSoon: t.expiringSoon,
      expired: t.expired,
    });
    const before = flat(await tiles());

    // A site whose policy lets PINs live 30 days, and a per-user policy that never expires them.
    const site = await db.site.create({ data: { name: `Overview ${now}` } });
    const sitePolicy = await db.pinPolicy.create({ data: { identity: `site:${site.name}`, scope: 'site', pinLifetime: 30, pinHistoryCount: 1 } });
    const forever = await db.pinPolicy.create({ data: { identity: `tag:Overview${now}`, scope: 'user', pinLifetime: 0 } });
    const person = async (state: Record<string, unknown> | null, options: { policyId?: string; enabled?: boolean } = {}) => {
      const user = await createUser(db, { siteId: site.id });
      await db.directoryUser.update({ where: { id: user.id }, data: { pinPolicyId: options.policyId ?? null, enabled: options.enabled ?? true } });
      if (state) await db.pinState.create({ data: { userId: user.id, pinHash: 'x', pinLength: 5, ...state } });
      return user;
    };
    const setDaysAgo = (days: number) => ({ pinSetAt: BigInt(now - days * DAY) });
    const people = [
      await person(setDaysAgo(40)), // expired
      await person(setDaysAgo(20)), // expires in 10 days
      await person(setDaysAgo(10)), // expires in 20 days: neither
      await person(setDaysAgo(40), { policyId: forever.id }), // the per-user policy wins: never expires
      await person({ ...setDaysAgo(1), adminLockedAt: BigInt(now - HOUR), lockedUntil: BigInt(now + HOUR) }), // admin before temporary
      await person({ ...setDaysAgo(1), systemLockedAt: BigInt(now - HOUR) }),
      await person({ ...setDaysAgo(1), lockedUntil: BigInt(now + HOUR) }),
      await person({ ...setDaysAgo(1), lockedUntil: BigInt(now - HOUR) }), // a lockout that has ended
      await person(null), // no PIN
      await person(setDaysAgo(40), { enabled: false }), // disabled: no tile counts it
    ];
    cleanups.push(async () => {
      await db.directoryUser.deleteMany({ where: { id: { in: people.map((p) => p.id) } } });
      await db.pinPolicy.deleteMany({ where: { id: { in: [sitePolicy.id, forever.id] } } });
      await db.site.delete({ where: { id: site.id } });
    });

    const after = flat(await tiles());
    const delta = Object.fromEntries(Object.entries(after).map(([tile, n]) => [tile, n - before[tile as OverviewTile]]));
    expect(delta).toEqual({
      enabledUsers: 9,
      withPin: 8,
      withoutPin: 1,
      locked: 3,
      'locked.temporary': 1,
      'locked.system': 1,
      'locked.admin': 1,
      expiringSoon: 1,
      expired: 1,
    });
    for (const tile of Object.keys(after) as OverviewTile[]) expect({ tile, count: await searched(tile) }).toEqual({ tile, count: after[tile] });
  });
});
