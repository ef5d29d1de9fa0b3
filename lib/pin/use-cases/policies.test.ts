/** New/Get/Set/Remove/Grant-CsPinPolicy (DOMAIN.md §3) on the memory store. */
import { describe, expect, it } from 'vitest';
import { policyDefaults } from '../policy';
import { admin, createTestEnv, pinErrorOfAsync, policy, type TestEnv } from '../testing/fixtures';
import { getPinInfo } from './get-pin-info';
import { getPinPolicy, grantPinPolicy, newPinPolicy, removePinPolicy, setPinPolicy } from './policies';
import { setPin } from './set-pin';

const KEN = { userId: 'u-ken' };
const change = { actor: admin, context: { sourceAddress: '198.51.100.4' } };

const effective = async (env: TestEnv, userId = 'u-ken') => {
  const info = await getPinInfo(env.deps, { user: { userId } });
  return [info.effectivePolicy, info.policySource];
};

const lastAudit = (env: TestEnv) => env.store.data().audit.at(-1);

describe('newPinPolicy', () => {
  it('creates a site policy for an existing site, with defaults for what is not given, and audits it', async () => {
    const env = createTestEnv();
    const created = await newPinPolicy(env.deps, { ...change, identity: 'site:Redmond', settings: { minPasswordLength: 6, description: 'HQ' } });
    expect(created).toEqual({ ...policyDefaults, identity: 'site:Redmond', scope: 'site', minPasswordLength: 6, description: 'HQ' });
    expect(await getPinPolicy(env.deps, 'site:Redmond')).toEqual(created);
    expect(await effective(env)).toEqual(['site:Redmond', 'site']);
    expect(lastAudit(env)).toMatchObject({
      action: 'pin_policy.created',
      actor: admin,
      target: { type: 'pin_policy', id: 'site:Redmond' },
      outcome: 'success',
      context: { sourceAddress: '198.51.100.4' },
      details: { after: created },
    });
  });

  it('creates a per-user policy from a bare name (stored as tag:<name>)', async () => {
    const env = createTestEnv();
    const created = await newPinPolicy(env.deps, { ...change, identity: 'Finance', settings: { pinHistoryCount: 5, pinLifetime: 90 } });
    expect(created).toMatchObject({ identity: 'tag:Finance', scope: 'user', pinHistoryCount: 5, pinLifetime: 90 });
    expect((await getPinPolicy(env.deps, 'tag:Finance')).identity).toBe('tag:Finance');
  });

  it('refuses a site policy for a site that does not exist', async () => {
    const env = createTestEnv();
    const error = await pinErrorOfAsync(newPinPolicy(env.deps, { ...change, identity: 'site:Atlantis', settings: {} }));
    expect(error.code).toBe('SITE_NOT_FOUND');
    expect(error.message).toContain('Atlantis');
    expect(env.store.data().policies.has('site:Atlantis')).toBe(false);
    expect(env.store.data().audit).toEqual([]);
  });

  it('refuses a duplicate', async () => {
    const env = createTestEnv();
    await newPinPolicy(env.deps, { ...change, identity: 'site:Dublin', settings: { minPasswordLength: 6 } });
    const error = await pinErrorOfAsync(newPinPolicy(env.deps, { ...change, identity: 'SITE:Dublin', settings: { minPasswordLength: 8 } }));
    expect(error.code).toBe('POLICY_EXISTS');
    expect((await getPinPolicy(env.deps, 'site:Dublin')).minPasswordLength).toBe(6);
    expect(env.store.data().audit).toHaveLength(1);
  });

  it('cannot create the global policy', async () => {
    const env = createTestEnv();
    expect((await pinErrorOfAsync(newPinPolicy(env.deps, { ...change, identity: 'Global', settings: {} }))).code).toBe('POLICY_EXISTS');
  });

  it('refuses invalid settings, naming the field and range', async () => {
    const env = createTestEnv();
    const error = await pinErrorOfAsync(newPinPolicy(env.deps, { ...change, identity: 'Finance', settings: { pinLifetime: 30 } }));
    expect(error.code).toBe('POLICY_INVALID');
    expect(error.message).toMatch(/PINLifetime.*PINHistoryCount/);
    const range = await pinErrorOfAsync(newPinPolicy(env.deps, { ...change, identity: 'Finance', settings: { minPasswordLength: 25 } }));
    expect(range.message).toContain('MinPasswordLength must be a whole number from 4 to 24');
    expect(env.store.data().policies.has('tag:Finance')).toBe(false);
  });

  it('refuses an invalid identity', async () => {
    const env = createTestEnv();
    expect((await pinErrorOfAsync(newPinPolicy(env.deps, { ...change, identity: 'site:', settings: {} }))).code).toBe('IDENTITY_INVALID');
  });
});

describe('setPinPolicy', () => {
  it('changes only the given properties and audits before/after', async () => {
    const env = createTestEnv({ policies: [policy('site:Redmond', { pinHistoryCount: 2, description: 'HQ', maximumLogonAttempts: 7 })] });
    const before = await getPinPolicy(env.deps, 'site:Redmond');
    const after = await setPinPolicy(env.deps, { ...change, identity: 'site:Redmond', changes: { minPasswordLength: 6, description: undefined } });
    expect(after).toEqual({ ...before, minPasswordLength: 6 });
    expect(await getPinPolicy(env.deps, 'site:Redmond')).toEqual(after);
    expect(lastAudit(env)).toMatchObject({ action: 'pin_policy.updated', target: { id: 'site:Redmond' }, details: { before, after } });
  });

  it('can unset MaximumLogonAttempts (null) and edit the global policy', async () => {
    const env = createTestEnv({ policies: [policy('global', { maximumLogonAttempts: 5 })] });
    const after = await setPinPolicy(env.deps, { ...change, identity: 'global', changes: { maximumLogonAttempts: null, allowCommonPatterns: true } });
    expect(after).toMatchObject({ identity: 'global', maximumLogonAttempts: null, allowCommonPatterns: true });
  });

  it('checks the result as a whole: a lifetime on a policy without history is refused and nothing changes', async () => {
    const env = createTestEnv({ policies: [policy('site:Redmond')] });
    const error = await pinErrorOfAsync(setPinPolicy(env.deps, { ...change, identity: 'site:Redmond', changes: { pinLifetime: 30 } }));
    expect(error.code).toBe('POLICY_INVALID');
    expect(error.message).toContain('PINLifetime');
    expect(error.message).toContain('PINHistoryCount');
    expect((await getPinPolicy(env.deps, 'site:Redmond')).pinLifetime).toBe(0);
    expect(env.store.data().audit).toEqual([]);
    // Both at once are fine.
    expect(await setPinPolicy(env.deps, { ...change, identity: 'site:Redmond', changes: { pinLifetime: 30, pinHistoryCount: 1 } })).toMatchObject({
      pinLifetime: 30,
    });
  });

  it.each([
    [{ minPasswordLength: 3 }, 'MinPasswordLength', '4 to 24'],
    [{ pinHistoryCount: 21 }, 'PINHistoryCount', '0 to 20'],
    [{ pinHistoryCount: 1, pinLifetime: 1000 }, 'PINLifetime', '0 to 999'],
    [{ maximumLogonAttempts: 0 }, 'MaximumLogonAttempts', '1 to 999'],
  ])('refuses %j naming %s and %s', async (changes, field, range) => {
    const env = createTestEnv();
    const error = await pinErrorOfAsync(setPinPolicy(env.deps, { ...change, identity: 'global', changes }));
    expect(error.code).toBe('POLICY_INVALID');
    expect(error.message).toContain(field);
    expect(error.message).toContain(range);
    expect(await getPinPolicy(env.deps, 'global')).toEqual(policy('global'));
  });

  it('refuses an unknown policy', async () => {
    const env = createTestEnv();
    expect((await pinErrorOfAsync(setPinPolicy(env.deps, { ...change, identity: 'Nope', changes: { minPasswordLength: 6 } }))).code).toBe('POLICY_NOT_FOUND');
  });

  it('a change shows at once in the PIN status of the users it governs', async () => {
    const env = createTestEnv({ policies: [policy('site:Redmond', { pinHistoryCount: 1 })] });
    await setPin(env.deps, { user: KEN, pin: '135790', actor: admin });
    expect((await getPinInfo(env.deps, { user: KEN })).pinExpirationTime).toBeNull();
    await setPinPolicy(env.deps, { ...change, identity: 'site:Redmond', changes: { pinLifetime: 10 } });
    expect((await getPinInfo(env.deps, { user: KEN })).pinExpirationTime).toBe(env.clock.now() + 10 * 24 * 3600 * 1000);
  });

  it('bulk edit: every policy listed can be changed in turn', async () => {
    const env = createTestEnv({ policies: [policy('site:Redmond'), policy('site:Dublin'), policy('tag:Finance')] });
    const sites = (await env.store.listPolicies()).filter((p) => p.scope === 'site');
    for (const p of sites) await setPinPolicy(env.deps, { ...change, identity: p.identity, changes: { minPasswordLength: 7 } });
    const after = await env.store.listPolicies();
    expect(
      after
        .filter((p) => p.minPasswordLength === 7)
        .map((p) => p.identity)
        .sort(),
    ).toEqual(['site:Dublin', 'site:Redmond']);
  });
});

describe('removePinPolicy', () => {
  it('"removing" global resets it to the defaults', async () => {
    const env = createTestEnv({ policies: [policy('global', { minPasswordLength: 8, pinHistoryCount: 4, pinLifetime: 60, maximumLogonAttempts: 5 })] });
    const before = await getPinPolicy(env.deps, 'global');
    expect(await removePinPolicy(env.deps, { ...change, identity: 'global' })).toEqual({ reset: true });
    const after = await getPinPolicy(env.deps, 'global');
    expect(after).toEqual({ identity: 'global', scope: 'global', ...policyDefaults });
    expect(lastAudit(env)).toMatchObject({ action: 'pin_policy.reset', details: { before, after } });
  });

  it('a removed site policy leaves its users to the global policy', async () => {
    const env = createTestEnv({ policies: [policy('site:Redmond', { minPasswordLength: 6 })] });
    expect(await effective(env)).toEqual(['site:Redmond', 'site']);
    const before = await getPinPolicy(env.deps, 'site:Redmond');
    expect(await removePinPolicy(env.deps, { ...change, identity: 'site:Redmond' })).toEqual({ reset: false });
    expect(await effective(env)).toEqual(['global', 'global']);
    expect(await pinErrorOfAsync(getPinPolicy(env.deps, 'site:Redmond'))).toMatchObject({ code: 'POLICY_NOT_FOUND' });
    expect(lastAudit(env)).toMatchObject({ action: 'pin_policy.removed', target: { id: 'site:Redmond' }, details: { before } });
  });

  it('a removed per-user policy clears its grants: the users fall back to their site or global', async () => {
    const env = createTestEnv({ policies: [policy('tag:Finance'), policy('site:Redmond')] });
    await grantPinPolicy(env.deps, { ...change, users: [KEN, { identity: 'Bob Smith' }], policy: 'Finance' });
    expect(await effective(env)).toEqual(['tag:Finance', 'user']);
    await removePinPolicy(env.deps, { ...change, identity: 'Finance' });
    const users = env.store.data().users;
    expect(users.find((u) => u.id === 'u-ken')!.grantedPolicy).toBeNull();
    expect(users.find((u) => u.id === 'u-bob')!.grantedPolicy).toBeNull();
    expect(await effective(env)).toEqual(['site:Redmond', 'site']);
    expect(await effective(env, 'u-bob')).toEqual(['global', 'global']);
  });

  it('refuses an unknown policy', async () => {
    const env = createTestEnv();
    expect((await pinErrorOfAsync(removePinPolicy(env.deps, { ...change, identity: 'site:Dublin' }))).code).toBe('POLICY_NOT_FOUND');
  });
});

describe('grantPinPolicy', () => {
  it('grants a per-user policy, then <Automatic> (null) removes the grant; each change is audited', async () => {
    const env = createTestEnv({ policies: [policy('tag:Finance', { minPasswordLength: 8 }), policy('site:Redmond')] });
    expect(await grantPinPolicy(env.deps, { ...change, users: [KEN, { identity: 'sip:pilar@litwareinc.com' }], policy: 'tag:Finance' })).toEqual({
      granted: 2,
    });
    expect(await effective(env)).toEqual(['tag:Finance', 'user']);
    expect(await effective(env, 'u-pilar')).toEqual(['tag:Finance', 'user']);
    const grants = env.store.data().audit.filter((e) => e.action === 'pin_policy.granted');
    expect(grants.map((e) => [e.target?.id, e.details])).toEqual([
      ['u-ken', { before: null, after: 'tag:Finance' }],
      ['u-pilar', { before: null, after: 'tag:Finance' }],
    ]);

    expect(await grantPinPolicy(env.deps, { ...change, users: [KEN], policy: null })).toEqual({ granted: 1 });
    expect(env.store.data().users.find((u) => u.id === 'u-ken')!.grantedPolicy).toBeNull();
    expect(await effective(env)).toEqual(['site:Redmond', 'site']);
    expect(await effective(env, 'u-pilar')).toEqual(['tag:Finance', 'user']);
    expect(lastAudit(env)).toMatchObject({ action: 'pin_policy.granted', target: { id: 'u-ken' }, details: { before: 'tag:Finance', after: null } });
  });

  it('the granted policy governs PIN rules at once', async () => {
    const env = createTestEnv({ policies: [policy('tag:Long', { minPasswordLength: 8 })] });
    await grantPinPolicy(env.deps, { ...change, users: [KEN], policy: 'Long' });
    expect(await pinErrorOfAsync(setPin(env.deps, { user: KEN, pin: '135790', actor: admin }))).toMatchObject({ code: 'PIN_TOO_SHORT' });
  });

  it.each(['site:Redmond', 'global'])('refuses to grant %s (only per-user policies are granted)', async (identity) => {
    const env = createTestEnv({ policies: [policy('site:Redmond')] });
    expect((await pinErrorOfAsync(grantPinPolicy(env.deps, { ...change, users: [KEN], policy: identity }))).code).toBe('POLICY_INVALID');
    expect(env.store.data().audit).toEqual([]);
  });

  it('refuses an unknown policy and grants nothing', async () => {
    const env = createTestEnv();
    expect((await pinErrorOfAsync(grantPinPolicy(env.deps, { ...change, users: [KEN], policy: 'Ghost' }))).code).toBe('POLICY_NOT_FOUND');
    expect(env.store.data().users.find((u) => u.id === 'u-ken')!.grantedPolicy).toBeNull();
    expect(env.store.data().audit).toEqual([]);
  });

  it('refuses an ambiguous user and grants to nobody', async () => {
    const env = createTestEnv({ policies: [policy('tag:Finance')] });
    const error = await pinErrorOfAsync(grantPinPolicy(env.deps, { ...change, users: [KEN, { identity: '* Smith' }], policy: 'Finance' }));
    expect(error.code).toBe('IDENTITY_AMBIGUOUS');
    expect(env.store.data().users.every((u) => u.grantedPolicy === null)).toBe(true);
  });
});
