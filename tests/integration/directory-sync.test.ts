/**
 * The directory sync (lib/directory/sync-service.ts) on the real database, fed by a source
 * held in memory: creates, changes, disables, removals and deprovisioning with an injected
 * clock, WhatIf, skipped entries with reasons, one sync at a time, and a sync that fails
 * part-way and is finished by the next run.
 */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSource } from '../../lib/db/directory-sources';
import { takeSyncLease } from '../../lib/db/directory-sync-lease';
import { getSyncRun } from '../../lib/db/directory-sync-runs';
import { runDirectorySync, type SyncOptions } from '../../lib/directory/sync-service';
import { createArgon2Hasher } from '../../lib/pin/hasher';
import { setPin, verifyPinLogon } from '../../lib/pin';
import { arrayReader, directoryEntry, type ArrayReader } from '../support/array-reader';
import { admin, createUser, db, handle, manualClock, pepper, store } from './helpers';

const HOUR = 3_600_000;
const clock = manualClock(Date.UTC(2026, 11, 6, 9, 0, 0));
const deps = { store, hasher: createArgon2Hasher(pepper), clock };
const bridge = { type: 'bridge' as const, id: 'b-sync', name: 'sync test bridge' };

let run: string;
let sourceId: string;
let reader: ArrayReader;

beforeEach(async () => {
  run = randomUUID().slice(0, 6);
  sourceId = await createSource(db, { name: `ad-${run}`, kind: 'ldap', settings: '{}', syncIntervalMinutes: 0, removalGraceHours: 24 });
  reader = arrayReader(50);
  clock.advance(HOUR);
});

const sync = (options: Partial<SyncOptions> = {}) => runDirectorySync(handle, { sourceId, reader, clock, actor: admin, ...options });
const usersOfSource = () => db.directoryUser.findMany({ where: { sourceId }, orderBy: { externalId: 'asc' } });
const userByKey = (externalId: string) => db.directoryUser.findFirst({ where: { sourceId, externalId } });
const entries = (count: number) => Array.from({ length: count }, (_, n) => directoryEntry(n, run));

describe('a full sync', () => {
  it('creates every user of a source larger than one batch, with search keys, OUs, sites and an audit row each', async () => {
    reader.entries = entries(120);
    const result = await sync();
    expect(result).toMatchObject({ status: 'succeeded', kind: 'full', counts: { read: 120, created: 120, skipped: 0 } });
    const users = await usersOfSource();
    expect(users).toHaveLength(120);
    const first = users.find((u) => u.externalId === reader.entries[7].externalId)!;
    expect(first).toMatchObject({
      sipAddress: `sip:${run}u7@litwareinc.com`,
      upnKey: `${run}u7@litwareinc.com`,
      extension: reader.entries[7].lineUri.split('=')[1],
      lineDigits: `1${reader.entries[7].lineUri.slice(6, 16)}`,
      ouPath: `litwareinc.com/${run}/Finance/`,
      enabled: true,
      removedAt: null,
    });
    expect((await db.site.findUnique({ where: { id: first.siteId! } }))?.name).toBe('Redmond');
    expect(await db.orgUnit.count({ where: { path: { startsWith: `litwareinc.com/${run}/` } } })).toBe(2);
    expect(await db.auditEvent.count({ where: { action: 'directory_user.created', details: { contains: result.runId! } } })).toBe(120);
    expect(await getSyncRun(db, result.runId!)).toMatchObject({ status: 'succeeded', read: 120, applied: 120, created: 120, sourceName: `ad-${run}` });
  });

  it('changes only what changed, and a rename or an OU move keeps the PIN', async () => {
    reader.entries = entries(3);
    await sync();
    const moved = reader.entries[0];
    const user = (await userByKey(moved.externalId))!;
    await setPin(deps, { user: { userId: user.id }, pin: '730914', actor: admin });

    reader.entries[0] = {
      ...moved,
      displayName: 'Renamed Person',
      distinguishedName: `CN=Renamed Person,OU=Sales,OU=${run},DC=litwareinc,DC=com`,
      department: 'Sales',
    };
    const result = await sync();
    expect(result.counts).toMatchObject({ changed: 1, unchanged: 2, created: 0 });
    const after = (await userByKey(moved.externalId))!;
    expect(after).toMatchObject({ id: user.id, displayName: 'Renamed Person', displayNameKey: 'renamed person', ouPath: `litwareinc.com/${run}/Sales/` });
    const changed = await db.auditEvent.findFirst({ where: { action: 'directory_user.changed', targetId: user.id } });
    expect(JSON.parse(changed!.details)).toMatchObject({ fields: ['displayName', 'distinguishedName', 'department'], source: `ad-${run}` });
    expect(await verifyPinLogon(deps, { identity: after.sipAddress, pin: '730914', actor: bridge })).toMatchObject({ result: 'accepted' });
  });

  it('disables a user the directory disables: the PIN is kept and its logon refused', async () => {
    reader.entries = entries(2);
    await sync();
    const user = (await userByKey(reader.entries[1].externalId))!;
    await setPin(deps, { user: { userId: user.id }, pin: '730914', actor: admin });
    reader.entries[1] = { ...reader.entries[1], enabled: false };
    expect((await sync()).counts).toMatchObject({ disabled: 1 });
    expect(await db.pinState.findUnique({ where: { userId: user.id }, select: { pinHash: true } })).toMatchObject({ pinHash: expect.any(String) });
    expect(await verifyPinLogon(deps, { identity: user.sipAddress, pin: '730914', actor: bridge })).toMatchObject({ result: 'rejected' });
    expect(await db.auditEvent.count({ where: { action: 'directory_user.disabled', targetId: user.id } })).toBe(1);
  });

  it('marks a user gone from the source as removed, restores it within the grace period, and deprovisions it after', async () => {
    reader.entries = entries(3);
    await sync();
    const leaving = reader.entries[2];
    const user = (await userByKey(leaving.externalId))!;
    await setPin(deps, { user: { userId: user.id }, pin: '730914', actor: admin });

    reader.entries = reader.entries.slice(0, 2);
    expect((await sync()).counts).toMatchObject({ removed: 1, deprovisioned: 0 });
    expect(await userByKey(leaving.externalId)).toMatchObject({ id: user.id, enabled: false, removedAt: BigInt(clock.now()) });
    expect(await verifyPinLogon(deps, { identity: user.sipAddress, pin: '730914', actor: bridge })).toMatchObject({ result: 'rejected' });

    clock.advance(23 * HOUR);
    reader.entries.push(leaving);
    expect((await sync()).counts).toMatchObject({ restored: 1, removed: 0 });
    expect(await userByKey(leaving.externalId)).toMatchObject({ id: user.id, enabled: true, removedAt: null });
    expect(await verifyPinLogon(deps, { identity: user.sipAddress, pin: '730914', actor: bridge })).toMatchObject({ result: 'accepted' });

    reader.entries.pop();
    await sync();
    clock.advance(24 * HOUR);
    expect((await sync()).counts).toMatchObject({ deprovisioned: 1 });
    expect(await db.directoryUser.findUnique({ where: { id: user.id } })).toBeNull();
    expect(await db.pinState.findUnique({ where: { userId: user.id } })).toBeNull();
    expect(await db.pinHistory.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: 'directory_user.deprovisioned', targetId: user.id } })).toBe(1);

    reader.entries.push(leaving);
    expect((await sync()).counts).toMatchObject({ created: 1 });
    const back = (await userByKey(leaving.externalId))!;
    expect(back.id).not.toBe(user.id);
    expect(await db.pinState.findUnique({ where: { userId: back.id } })).toBeNull();
  });

  it('refuses to remove everyone when the source lists no one', async () => {
    reader.entries = entries(2);
    await sync();
    reader.entries = [];
    const result = await sync();
    expect(result).toMatchObject({ status: 'failed', message: expect.stringContaining('listed no users') });
    expect((await usersOfSource()).every((u) => u.removedAt === null)).toBe(true);
  });
});

describe('skipped entries', () => {
  it('are skipped with their reason, and never half-written', async () => {
    const holder = await createUser();
    reader.entries = [
      ...entries(2),
      directoryEntry(10, run, { sipAddress: '' }),
      directoryEntry(11, run, { lineUri: 'tel:12345678901234567890123' }),
      directoryEntry(12, run, { sipAddress: holder.sipAddress }),
      directoryEntry(13, run, { sipAddress: `sip:${run}u0@litwareinc.com` }),
    ];
    reader.problems = [{ entry: 'CN=Broken,OU=Finance,DC=litwareinc,DC=com', reason: 'its objectGUID is unreadable' }];
    const result = await sync();
    expect(result.counts).toMatchObject({ created: 2, skipped: 5, read: 7 });
    const reasons = result.problems.map((p) => p.reason).join('\n');
    expect(reasons).toContain('no SIP address');
    expect(reasons).toContain('line URI');
    expect(reasons).toContain(`already belongs to ${holder.displayName}`);
    expect(reasons).toContain('also on CN=Synced');
    expect(reasons).toContain('objectGUID is unreadable');
    expect(await usersOfSource()).toHaveLength(2);
    expect((await getSyncRun(db, result.runId!))?.problems).toHaveLength(5);
    // PinDesk's own user is untouched.
    expect(await db.directoryUser.findUnique({ where: { id: holder.id } })).toMatchObject({ sourceId: null, displayName: holder.displayName });
  });

  it('takes an entry whose name another user of the run gives up later in the same run', async () => {
    reader.entries = entries(2);
    await sync();
    const [a, b] = reader.entries;
    // b takes a's SIP address while a takes a new one; b comes first in the read.
    reader.entries = [
      { ...b, sipAddress: a.sipAddress },
      { ...a, sipAddress: `sip:${run}renamed@litwareinc.com` },
    ];
    const result = await sync();
    expect(result.counts).toMatchObject({ changed: 2, skipped: 0 });
    expect((await userByKey(b.externalId))?.sipAddress).toBe(a.sipAddress);
  });
});

describe('WhatIf', () => {
  it('counts what a sync would do and writes nothing', async () => {
    reader.entries = entries(3);
    await sync();
    const auditBefore = await db.auditEvent.count();
    reader.entries = [
      { ...reader.entries[0], title: 'Controller' },
      { ...reader.entries[1], enabled: false },
      directoryEntry(5, run),
      directoryEntry(6, run, { sipAddress: '' }),
    ];
    const preview = await sync({ whatIf: true });
    expect(preview).toMatchObject({ runId: null, status: 'previewed', counts: { created: 1, changed: 1, disabled: 1, removed: 1, skipped: 1 } });
    expect(await usersOfSource()).toHaveLength(3);
    expect((await usersOfSource()).every((u) => u.enabled && u.title === 'Accountant')).toBe(true);
    expect(await db.auditEvent.count()).toBe(auditBefore);
  });
});

describe('changes since the last run', () => {
  it('reads from the saved cursor, applies the changed entries and removes the gone ones', async () => {
    reader.entries = entries(4);
    await sync();
    const [first, , , last] = reader.entries;
    reader.changes = { entries: [{ ...first, title: 'Controller' }], gone: [last.externalId, 'ffffffff-0000-4000-8000-000000000000'] };
    const result = await sync();
    expect(reader.reads.at(-1)).toEqual({ since: 'v1', full: false });
    expect(result).toMatchObject({ kind: 'incremental', counts: { read: 1, changed: 1, removed: 1 } });
    expect((await userByKey(last.externalId))?.removedAt).not.toBeNull();
    expect((await db.directorySource.findUnique({ where: { id: sourceId } }))?.cursor).toBe('v2');
    expect((await sync({ full: true })).kind).toBe('full');
  });
});

describe('one sync at a time, and a sync stopped part-way', () => {
  it('refuses a second sync while one holds the lease, and takes a lapsed lease over', async () => {
    reader.entries = entries(1);
    const other = randomUUID();
    await takeSyncLease(handle.executor, { runId: other, owner: 'other-instance:1', leaseUntil: clock.now() + 60_000 }, clock.now());
    await expect(sync()).rejects.toMatchObject({ code: 'SYNC_RUNNING', message: expect.stringContaining('other-instance:1') });
    clock.advance(61_000);
    expect((await sync()).status).toBe('succeeded');
  });

  it('keeps the batches committed before a failure, keeps the old cursor, and the next run finishes', async () => {
    reader.entries = [directoryEntry(500, run), directoryEntry(501, run)];
    await sync();
    reader.entries = entries(120);
    reader.failAfterBatches = 1;
    const failed = await sync();
    expect(failed).toMatchObject({ status: 'failed', message: expect.stringContaining('Cannot reach') });
    expect(await getSyncRun(db, failed.runId!)).toMatchObject({ status: 'failed', applied: 50 });
    // Nothing removed: the partial read did not list the two first users, and they stay.
    expect((await usersOfSource()).filter((u) => u.removedAt !== null)).toHaveLength(0);
    expect((await db.directorySource.findUnique({ where: { id: sourceId } }))?.cursor).toBe('v1');

    reader.failAfterBatches = null;
    const finished = await sync();
    expect(finished.counts).toMatchObject({ created: 70, unchanged: 50, removed: 2 });
    expect(await usersOfSource()).toHaveLength(122);
    expect((await usersOfSource()).filter((u) => u.removedAt === null)).toHaveLength(120);
  });
});
