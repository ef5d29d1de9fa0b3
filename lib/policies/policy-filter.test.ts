import { describe, expect, it } from 'vitest';
import { policyDefaults } from '../pin/policy';
import type { PinPolicy } from '../pin/types';
import { FilterParseError } from '../validation/filter-error';
import { filterPolicies, parsePolicyFilter, parsePolicyIdentityFilter, policyFilterToParams, type PolicyFilter } from './policy-filter';

const policy = (identity: string, changes: Partial<PinPolicy> = {}): PinPolicy => ({
  identity,
  scope: identity === 'global' ? 'global' : identity.startsWith('site:') ? 'site' : 'user',
  ...policyDefaults,
  ...changes,
});
const all = [
  policy('global'),
  policy('site:Redmond', { minPasswordLength: 12 }),
  policy('site:Dublin', { minPasswordLength: 10, maximumLogonAttempts: 30 }),
  policy('tag:RedmondUsersPinPolicy', { minPasswordLength: 11, allowCommonPatterns: true }),
];
const ids = (filter: PolicyFilter) => filterPolicies(all, filter).map((p) => p.identity);

describe('Get-CsPinPolicy -Filter', () => {
  it('matches identity wildcards', () => {
    expect(ids({ identity: 'site:*', comparisons: [] })).toEqual(['site:Redmond', 'site:Dublin']);
    expect(ids({ identity: 'tag:*', comparisons: [] })).toEqual(['tag:RedmondUsersPinPolicy']);
    expect(ids({ identity: '*redmond*', comparisons: [] })).toEqual(['site:Redmond', 'tag:RedmondUsersPinPolicy']);
  });

  it('compares properties, ANDed', () => {
    expect(ids({ identity: '', comparisons: [{ property: 'minPasswordLength', operator: 'gt', value: '10' }] })).toEqual([
      'site:Redmond',
      'tag:RedmondUsersPinPolicy',
    ]);
    expect(
      ids({
        identity: 'site:*',
        comparisons: [
          { property: 'minPasswordLength', operator: 'ge', value: '10' },
          { property: 'maximumLogonAttempts', operator: 'eq', value: '' },
        ],
      }),
    ).toEqual(['site:Redmond']);
    expect(ids({ identity: '', comparisons: [{ property: 'allowCommonPatterns', operator: 'eq', value: 'True' }] })).toEqual(['tag:RedmondUsersPinPolicy']);
  });

  it('round-trips through the URL and reports bad comparisons', () => {
    const filter: PolicyFilter = { identity: 'site:*', comparisons: [{ property: 'pinLifetime', operator: 'le', value: '30' }] };
    expect(parsePolicyFilter(policyFilterToParams(filter))).toEqual({ filter, problems: [] });
    const bad = parsePolicyFilter(new URLSearchParams('cp=minPasswordLength&co=gt&cv=ten'));
    expect(bad.filter.comparisons).toEqual([]);
    expect(bad.problems[0]).toMatch(/MinPasswordLength must be compared with a whole number/);
  });

  it('refuses prototype names as properties and operators', () => {
    for (const query of [
      'cp=constructor&co=eq&cv=1',
      'cp=__proto__&co=eq&cv=1',
      'cp=minPasswordLength&co=toString&cv=1',
      'cp=toString&co=hasOwnProperty&cv=1',
    ]) {
      const parsed = parsePolicyFilter(new URLSearchParams(query));
      expect(parsed.filter.comparisons).toEqual([]);
      expect(parsed.problems[0]).toMatch(/Choose (a property|how to compare)/);
    }
  });

  it('matches a filter of many stars in linear time (a RegExp of .* took seconds to minutes)', () => {
    const long = [...all, policy(`tag:${'a'.repeat(40)}`), policy(`tag:${'b'.repeat(64)}`)];
    const start = performance.now();
    // Today's RegExp takes about 6 s on the 40-character identity alone with 8 stars.
    expect(filterPolicies(long, { identity: `${'*'.repeat(8)}!`, comparisons: [] })).toEqual([]);
    expect(filterPolicies(long, { identity: `${'*'.repeat(100)}b`, comparisons: [] }).map((p) => p.identity)).toEqual([`tag:${'b'.repeat(64)}`]);
    expect(filterPolicies(long, { identity: `${'*a'.repeat(60)}!`, comparisons: [] })).toEqual([]);
    expect(performance.now() - start).toBeLessThan(1_000);
  });

  it('refuses an overlong or control-character Identity filter from the URL with a note', () => {
    const parsed = parsePolicyFilter(new URLSearchParams({ identity: '*'.repeat(10_000) }));
    expect(parsed.filter.identity).toBe('');
    expect(parsed.problems[0]).toMatch(/The Identity filter can be at most 128 characters \(it has 10,000\)/);
    expect(parsePolicyFilter(new URLSearchParams({ identity: 'site:\u0000' })).problems[0]).toMatch(/control character/);
  });
});

describe('parsePolicyIdentityFilter', () => {
  it('passes a usable filter and refuses an unusable one with the shared FilterParseError naming the field', () => {
    expect(parsePolicyIdentityFilter('site:*')).toBe('site:*');
    let error: unknown;
    try {
      parsePolicyIdentityFilter('a\u0000b');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FilterParseError);
    expect(error).toMatchObject({ field: 'filter', message: expect.stringMatching(/^filter contains a control character/) });
  });
});
