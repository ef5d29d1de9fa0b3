/** lib/pin's use cases on the real store: changes and their audit rows commit together. */
import { describe, expect, it } from 'vitest';
import {
  generatePin,
  getPinInfo,
  lockPin,
  setPin,
  unlockPin,
  verifyPinLogon,
  newPinPolicy,
  setPinPolicy,
  removePinPolicy,
  grantPinPolicy,
} from '../../lib/pin';
import { admin, countingHasher, createUser, db, manualClock, store } from './helpers';

const deps = () => ({ store, hasher: countingHasher(), clock: manualClock() });

describe('use cases on the database', () => {
  it('sets, generates, locks and unlocks with one audit row each and no PIN stored anywhere', async () => {
    const d = deps();
    const user = await createUser();
    const before = await db.auditEvent.count();
    const typed = await setPin(d, { user: { userId: user.id }, pin: '97153', actor: admin });
    const generated = await generatePin(d, { user: { userId: user.id }, actor: admin });
    expect(generated.pin).toMatch(/^\d{5}$/);
    await lockPin(d, { user: { userId: user.id }, actor: admin });
    expect((await getPinInfo(d, { user: { userId: user.id } })).lockKind).toBe('admin');
    await unlockPin(d, { user: { userId: user.id }, actor: admin });
    const events = await db.auditEvent.findMany({ where: { id: { gt: 0 }, targetId: user.id }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.action)).toEqual(['pin.set', 'pin.set', 'pin.locked', 'pin.unlocked']);
    expect(await db.auditEvent.count()).toBe(before + 4);
    // The PINs appear nowhere in the database: not in audit, state or history.
    const everything = JSON.stringify(
      [await db.auditEvent.findMany(), await db.pinState.findMany({ omit: { pinHash: false } }), await db.pinHistory.findMany({ omit: { pinHash: false } })],
      (_k, v) => (typeof v === 'bigint' ? v.toString() : v),
    );
    for (const pin of [typed.pin, generated.pin]) expect(everything).not.toContain(`"${pin}"`);
    expect((await db.pinState.findUnique({ where: { userId: user.id }, omit: { pinHash: false } }))?.pinHash).toMatch(/^\$argon2id\$/);
  });

  it('rolls back the change and its audit row together when the transaction fails', async () => {
    const user = await createUser();
    const auditBefore = await db.auditEvent.count();
    await expect(
      store.transaction(async (tx) => {
        await tx.setAdminLock(user.id, Date.now(), 'test');
        await tx.appendAudit({ at: Date.now(), actor: admin, action: 'pin.locked', outcome: 'success' });
        throw new Error('database went away mid-change');
      }),
    ).rejects.toThrow('database went away');
    expect(await db.pinState.findUnique({ where: { userId: user.id } })).toBeNull();
    expect(await db.auditEvent.count()).toBe(auditBefore);
  });

  it('logs on by extension and phone number, then locks out after the local limit', async () => {
    const d = { ...deps(), clock: manualClock() };
    const user = await createUser();
    await setPin(d, { user: { userId: user.id }, pin: '97153', actor: admin });
    const digits = user.lineDigits;
    expect((await verifyPinLogon(d, { identity: user.extension, pin: '97153', actor: admin })).result).toBe('accepted');
    expect((await verifyPinLogon(d, { identity: `+${digits}`, pin: '97153', actor: admin })).result).toBe('accepted');
    for (let i = 0; i < 25; i++) await verifyPinLogon(d, { identity: user.extension, pin: '11111', actor: admin });
    const locked = await verifyPinLogon(d, { identity: user.extension, pin: '97153', actor: admin });
    expect(locked).toMatchObject({ result: 'rejected', reason: 'locked-temporary' });
    d.clock.advance(60 * 60 * 1000);
    expect((await verifyPinLogon(d, { identity: user.extension, pin: '97153', actor: admin })).result).toBe('accepted');
    const info = await getPinInfo(d, { user: { userId: user.id } });
    expect(info).toMatchObject({ localFailures: 0, globalFailures: 25, isLockedOut: false });
  });

  it('policies: create, change, remove with fallback, grant and audit before/after', async () => {
    const d = deps();
    const site = await db.site.create({ data: { name: `Site-${Date.now()}` } });
    const user = await createUser(db, { siteId: site.id });
    await newPinPolicy(d, { identity: `site:${site.name}`, settings: { minPasswordLength: 10 }, actor: admin });
    expect((await getPinInfo(d, { user: { userId: user.id } })).effectivePolicy).toBe(`site:${site.name}`);
    await expect(setPin(d, { user: { userId: user.id }, pin: '975318642', actor: admin })).rejects.toMatchObject({ code: 'PIN_TOO_SHORT' });
    await setPin(d, { user: { userId: user.id }, pin: '9753186420', actor: admin });
    await setPinPolicy(d, { identity: `site:${site.name}`, changes: { maximumLogonAttempts: 25 }, actor: admin });
    await expect(setPinPolicy(d, { identity: `site:${site.name}`, changes: { pinLifetime: 30 }, actor: admin })).rejects.toMatchObject({
      code: 'POLICY_INVALID',
    });
    const tag = `Tag${Date.now()}`;
    await newPinPolicy(d, { identity: tag, settings: { minPasswordLength: 6 }, actor: admin });
    await grantPinPolicy(d, { users: [{ userId: user.id }], policy: tag, actor: admin });
    expect((await getPinInfo(d, { user: { userId: user.id } })).policySource).toBe('user');
    await removePinPolicy(d, { identity: `tag:${tag}`, actor: admin });
    await removePinPolicy(d, { identity: `site:${site.name}`, actor: admin });
    expect(await getPinInfo(d, { user: { userId: user.id } })).toMatchObject({ effectivePolicy: 'global', policySource: 'global' });
    const updated = await db.auditEvent.findFirstOrThrow({ where: { action: 'pin_policy.updated', targetId: `site:${site.name}` } });
    expect(JSON.parse(updated.details)).toMatchObject({ before: { maximumLogonAttempts: null }, after: { maximumLogonAttempts: 25 } });
  });
});
