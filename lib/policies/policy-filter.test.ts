import { describe, expect, it } from 'vitest';
import { policyDefaults } from '../pin/policy';
import type { PinPolicy } from '../pin/types';
import { filterPolicies, parsePolicyFilter, policyFilterToParams, type PolicyFilter } from './policy-filter';

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
    expect(ids({ identity: '', comparisons: [{ property: 'minPasswordLength', operator: 'gt', value: '10' }] })).toEqual(['site:Redmond', 'tag:RedmondUsersPinPolicy']);
    expect(ids({ identity: 'site:*', comparisons: [{ property: 'minPasswordLength', operator: 'ge', value: '10' }, { property: 'maximumLogonAttempts', operator: 'eq', value: '' }] })).toEqual(['site:Redmond']);
    expect(ids({ identity: '', comparisons: [{ property: 'allowCommonPatterns', operator: 'eq', value: 'True' }] })).toEqual(['tag:RedmondUsersPinPolicy']);
  });

  it('round-trips through the URL and reports bad comparisons', () => {
    const filter: PolicyFilter = { identity: 'site:*', comparisons: [{ property: 'pinLifetime', operator: 'le', value: '30' }] };
    expect(parsePolicyFilter(policyFilterToParams(filter))).toEqual({ filter, problems: [] });
    const bad = parsePolicyFilter(new URLSearchParams('cp=minPasswordLength&co=gt&cv=ten'));
    expect(bad.filter.comparisons).toEqual([]);
    expect(bad.problems[0]).toMatch(/MinPasswordLength must be compared with a whole number/);
  });
});
