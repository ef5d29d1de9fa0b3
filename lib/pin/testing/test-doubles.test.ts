/** The test doubles themselves: the memory store keeps the PinStore contract, the test hasher behaves like a hasher. */
import { describe, expect, it } from 'vitest';
import { allUsers, createTestEnv, policy, scriptedDigits, seededRandomInt } from './fixtures';
import { createMemoryStore } from './memory-store';
import { createTestHasher } from './test-hasher';

describe('createMemoryStore', () => {
  it('countUsersGoverned: by grant, by site (without a grant), and global (neither)', async () => {
    // Ken and Anne: Redmond; Pilar and Bob: Dublin; Carol: no site.
    const store = createMemoryStore({ users: allUsers(), sites: ['Redmond', 'Dublin'], policies: [policy('site:Redmond'), policy('tag:Finance')] });
    await store.transaction((tx) => tx.grantPolicy(['u-anne'], 'tag:Finance'));
    expect(await store.countUsersGoverned('tag:Finance')).toBe(1); // Anne
    expect(await store.countUsersGoverned('site:Redmond')).toBe(1); // Ken (Anne has a grant)
    expect(await store.countUsersGoverned('global')).toBe(3); // Pilar, Bob (Dublin has no policy), Carol
  });

  it('a transaction that throws leaves nothing behind', async () => {
    const env = createTestEnv();
    await expect(
      env.store.transaction(async (tx) => {
        await tx.setAdminLock('u-ken', 1, 'x');
        await tx.appendAudit({ at: 1, actor: { type: 'system', name: 's' }, action: 'a', outcome: 'success' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(env.store.data().states.has('u-ken')).toBe(false);
    expect(env.store.data().audit).toEqual([]);
  });

  it('keeps the PIN history newest first', async () => {
    const store = createMemoryStore({ users: allUsers() });
    for (const hash of ['h1', 'h2', 'h3']) {
      await store.transaction((tx) => tx.savePin('u-ken', { hash, length: 5, setAt: 0, method: 'admin_set', setBy: 'x' }));
    }
    expect(await store.getPinHistory('u-ken', 2)).toEqual(['h3', 'h2']);
    expect(await store.getPinHistory('u-ken', 0)).toEqual([]);
  });
});

describe('createTestHasher', () => {
  it('salts, verifies, counts, and reports needsRehash by version', async () => {
    const hasher = createTestHasher();
    const [a, b] = [await hasher.hash('72948'), await hasher.hash('72948')];
    expect(a).not.toBe(b);
    expect(await hasher.verify(a, '72948')).toBe(true);
    expect(await hasher.verify(a, '72949')).toBe(false);
    expect(await hasher.verify('garbage', '72948')).toBe(false);
    expect(await createTestHasher({ key: 'other' }).verify(a, '72948')).toBe(false);
    await hasher.burnVerify('72948');
    expect(hasher.calls).toEqual({ hash: 2, verify: 3, burnVerify: 1 });
    expect(hasher.needsRehash(a)).toBe(false);
    hasher.version = 2;
    expect(hasher.needsRehash(a)).toBe(true);
    hasher.needsRehashOverride = () => false;
    expect(hasher.needsRehash(a)).toBe(false);
    hasher.resetCalls();
    expect(hasher.calls).toEqual({ hash: 0, verify: 0, burnVerify: 0 });
  });
});

describe('random sources', () => {
  it('scriptedDigits yields the digits given, then refuses', () => {
    const random = scriptedDigits('07', '3');
    expect([random(10), random(10), random(10)]).toEqual([0, 7, 3]);
    expect(random.draws()).toBe(3);
    expect(() => random(10)).toThrow(/out of scripted digits/);
  });

  it('seededRandomInt is reproducible and within range', () => {
    const a = seededRandomInt(42);
    const b = seededRandomInt(42);
    const draws = Array.from({ length: 1000 }, () => a(10));
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b(10)));
    expect(new Set(draws)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });
});
