import { describe, expect, it } from 'vitest';
import {
  assertPolicySettings,
  candidatePolicyIdentities,
  checkPolicySettings,
  defaultGlobalPolicy,
  parsePolicyIdentity,
  policyDefaults,
  policyRanges,
  resolveEffectivePolicy,
  type PolicySettings,
} from './policy';
import { pinErrorOf, policy } from './testing/fixtures';
import type { PinPolicy } from './types';

const valid = (changes: Partial<PolicySettings> = {}): PolicySettings => ({ ...policyDefaults, ...changes });

describe('policy defaults', () => {
  it('match the table of DOMAIN.md §3', () => {
    expect(policyDefaults).toEqual({
      description: '',
      minPasswordLength: 5,
      pinHistoryCount: 0,
      pinLifetime: 0,
      allowCommonPatterns: false,
      maximumLogonAttempts: null,
    });
    expect(checkPolicySettings(policyDefaults)).toEqual([]);
    expect(defaultGlobalPolicy()).toEqual({ identity: 'global', scope: 'global', ...policyDefaults });
  });
});

describe('checkPolicySettings: ranges', () => {
  const table: Array<{ key: keyof typeof policyRanges; field: string; min: number; max: number }> = [
    { key: 'minPasswordLength', field: 'MinPasswordLength', min: 4, max: 24 },
    { key: 'pinHistoryCount', field: 'PINHistoryCount', min: 0, max: 20 },
    { key: 'pinLifetime', field: 'PINLifetime', min: 0, max: 999 },
    { key: 'maximumLogonAttempts', field: 'MaximumLogonAttempts', min: 1, max: 999 },
  ];

  it.each(table)('$field accepts $min and $max', ({ key, min, max }) => {
    // PINLifetime > 0 needs history, so give every case a history.
    for (const value of [min, max]) {
      expect(checkPolicySettings(valid({ pinHistoryCount: 1, [key]: value }))).toEqual([]);
    }
  });

  it.each(table)('$field rejects values outside $min–$max, naming the field and the range', ({ key, field, min, max }) => {
    expect(policyRanges[key]).toEqual({ field, min, max });
    for (const value of [min - 1, max + 1, min + 0.5, -1000, Number.NaN, Number.POSITIVE_INFINITY, '5' as unknown as number]) {
      const errors = checkPolicySettings(valid({ pinHistoryCount: 1, [key]: value }));
      expect(errors, `${field}=${value}`).toHaveLength(1);
      expect(errors[0].field).toBe(field);
      expect(errors[0].message).toContain(field);
      expect(errors[0].message).toContain(`from ${min} to ${max}`);
    }
  });

  it('MaximumLogonAttempts may be unset (null)', () => {
    expect(checkPolicySettings(valid({ maximumLogonAttempts: null }))).toEqual([]);
    expect(checkPolicySettings(valid({ maximumLogonAttempts: 0 }))[0].message).toMatch(/or unset/);
  });

  it('AllowCommonPatterns must be a boolean and Description text of at most 1024 characters', () => {
    expect(checkPolicySettings(valid({ allowCommonPatterns: 'yes' as unknown as boolean }))[0].field).toBe('AllowCommonPatterns');
    expect(checkPolicySettings(valid({ description: 'x'.repeat(1024) }))).toEqual([]);
    expect(checkPolicySettings(valid({ description: 'x'.repeat(1025) }))[0].field).toBe('Description');
  });

  it('lists every problem at once', () => {
    const errors = checkPolicySettings(valid({ minPasswordLength: 3, pinHistoryCount: 21, pinLifetime: 1000, maximumLogonAttempts: 0 }));
    expect(errors.map((e) => e.field)).toEqual(['MinPasswordLength', 'PINHistoryCount', 'PINLifetime', 'MaximumLogonAttempts']);
  });
});

describe('checkPolicySettings: PINLifetime > 0 needs PINHistoryCount > 0', () => {
  it('refuses a lifetime without history, naming both fields', () => {
    const errors = checkPolicySettings(valid({ pinLifetime: 30, pinHistoryCount: 0 }));
    expect(errors).toHaveLength(1);
    expect(errors[0].field).toBe('PINLifetime');
    expect(errors[0].message).toContain('PINLifetime');
    expect(errors[0].message).toContain('PINHistoryCount');
    expect(errors[0].message).toContain('1–20');
  });

  it.each([
    [0, 0],
    [0, 5],
    [30, 1],
    [999, 20],
    [1, 1],
  ])('accepts PINLifetime %i with PINHistoryCount %i', (pinLifetime, pinHistoryCount) => {
    expect(checkPolicySettings(valid({ pinLifetime, pinHistoryCount }))).toEqual([]);
  });

  it('assertPolicySettings throws POLICY_INVALID with the field errors', () => {
    const error = pinErrorOf(() => assertPolicySettings(valid({ pinLifetime: 1, pinHistoryCount: 0 })));
    expect(error.code).toBe('POLICY_INVALID');
    expect(error.message).toMatch(/PINLifetime.*PINHistoryCount/);
    expect(error.details.fieldErrors).toEqual([expect.objectContaining({ field: 'PINLifetime' })]);
    expect(() => assertPolicySettings(valid({ pinLifetime: 1, pinHistoryCount: 1 }))).not.toThrow();
  });
});

describe('parsePolicyIdentity', () => {
  it.each([
    ['global', 'global', 'global', 'global'],
    ['Global', 'global', 'global', 'global'],
    ['  GLOBAL ', 'global', 'global', 'global'],
    ['site:Redmond', 'site:Redmond', 'site', 'Redmond'],
    ['SITE:Redmond', 'site:Redmond', 'site', 'Redmond'],
    ['site: Redmond ', 'site:Redmond', 'site', 'Redmond'],
    ['tag:Finance', 'tag:Finance', 'user', 'Finance'],
    ['Tag:Finance', 'tag:Finance', 'user', 'Finance'],
    ['Finance', 'tag:Finance', 'user', 'Finance'],
    ['Finance Team-2.b_c', 'tag:Finance Team-2.b_c', 'user', 'Finance Team-2.b_c'],
  ])('%j → %s', (raw, identity, scope, name) => {
    expect(parsePolicyIdentity(raw)).toEqual({ identity, scope, name });
  });

  it.each(['', '   ', 'site:', 'tag:', '-leading-dash', 'a/b', 'x'.repeat(65), 'name;drop', 'site:*'])('rejects %j', (raw) => {
    const error = pinErrorOf(() => parsePolicyIdentity(raw));
    expect(error.code).toBe('IDENTITY_INVALID');
    expect(error.details).toEqual({ field: 'Identity' });
  });

  it('accepts a 64-character name', () => {
    expect(parsePolicyIdentity('x'.repeat(64)).identity).toBe(`tag:${'x'.repeat(64)}`);
  });
});

describe('effective policy: per-user → site → global', () => {
  const global = policy('global', { minPasswordLength: 6 });
  const site = policy('site:Redmond', { minPasswordLength: 7 });
  const perUser = policy('tag:Finance', { minPasswordLength: 8 });
  const all = new Map<string, PinPolicy>([global, site, perUser].map((p) => [p.identity, p]));

  it('uses the granted per-user policy first', () => {
    expect(resolveEffectivePolicy({ grantedPolicy: 'tag:Finance', siteName: 'Redmond' }, all)).toEqual({ policy: perUser, source: 'user' });
  });

  it("then the site's policy", () => {
    expect(resolveEffectivePolicy({ grantedPolicy: null, siteName: 'Redmond' }, all)).toEqual({ policy: site, source: 'site' });
  });

  it('then global', () => {
    expect(resolveEffectivePolicy({ grantedPolicy: null, siteName: 'Dublin' }, all)).toEqual({ policy: global, source: 'global' });
    expect(resolveEffectivePolicy({ grantedPolicy: null, siteName: null }, all)).toEqual({ policy: global, source: 'global' });
  });

  it('falls back when a granted or site policy no longer exists', () => {
    expect(resolveEffectivePolicy({ grantedPolicy: 'tag:Gone', siteName: 'Redmond' }, all)).toEqual({ policy: site, source: 'site' });
    expect(resolveEffectivePolicy({ grantedPolicy: 'tag:Gone', siteName: 'Gone' }, all)).toEqual({ policy: global, source: 'global' });
  });

  it('uses the built-in defaults should the global row be missing', () => {
    expect(resolveEffectivePolicy({ grantedPolicy: null, siteName: null }, new Map())).toEqual({ policy: defaultGlobalPolicy(), source: 'global' });
  });

  it('candidatePolicyIdentities lists the candidates most specific first', () => {
    expect(candidatePolicyIdentities({ grantedPolicy: 'tag:Finance', siteName: 'Redmond' })).toEqual(['tag:Finance', 'site:Redmond', 'global']);
    expect(candidatePolicyIdentities({ grantedPolicy: null, siteName: null })).toEqual(['global']);
  });
});
