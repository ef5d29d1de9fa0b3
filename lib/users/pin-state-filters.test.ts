/** The PIN-state filters the Overview's tiles link to: LockKind, IsPinExpired, PinExpiresWithinDays. */
import { describe, expect, it } from 'vitest';
import { parseUserFilter } from '../cli/user-filter';
import { filterNode } from './filter-tree';
import { checkFilterClause, parseUserSearch, propertyOperators, propertyValueHint, type FilterClause } from './search-params';

const clause = (property: FilterClause['property'], operator: FilterClause['operator'], value = ''): FilterClause => ({ property, operator, value });

describe('PIN-state filters', () => {
  it.each([
    [clause('lockKind', 'eq', 'Temporary'), []],
    [clause('lockKind', 'ne', ' admin '), []],
    [clause('lockKind', 'isEmpty'), []],
    [clause('lockKind', 'isNotEmpty'), []],
    [clause('lockKind', 'eq', 'frozen'), ['LockKind must be one of Temporary, System, Admin.']],
    [
      clause('lockKind', 'contains', 'temp'),
      ['LockKind can only be compared with Equal to, Not equal to (Temporary, System, Admin), Is empty or Is not empty.'],
    ],
    [clause('isPinExpired', 'eq', 'True'), []],
    [clause('isPinExpired', 'eq', 'soon'), ['IsPinExpired must be True or False.']],
    [clause('pinExpiresWithinDays', 'eq', '14'), []],
    [clause('pinExpiresWithinDays', 'eq', '999'), []],
    [clause('pinExpiresWithinDays', 'eq', '0'), ['PinExpiresWithinDays must be a number of days from 1 to 999.']],
    [clause('pinExpiresWithinDays', 'eq', '1000'), ['PinExpiresWithinDays must be a number of days from 1 to 999.']],
    [clause('pinExpiresWithinDays', 'eq', '1e3'), ['PinExpiresWithinDays must be a number of days from 1 to 999.']],
    [clause('pinExpiresWithinDays', 'ne', '14'), ['PinExpiresWithinDays can only be compared with Equal to (a number of days).']],
  ])('checks %o', (c, problems) => {
    expect(checkFilterClause(c)).toEqual(problems);
  });

  it('becomes filter tree nodes', () => {
    expect(filterNode(clause('lockKind', 'eq', 'SYSTEM'))).toEqual({ kind: 'lockKind', kinds: ['system'], negated: false });
    expect(filterNode(clause('lockKind', 'ne', 'admin'))).toEqual({ kind: 'lockKind', kinds: ['admin'], negated: true });
    expect(filterNode(clause('lockKind', 'isNotEmpty'))).toEqual({ kind: 'lockKind', kinds: ['admin', 'system', 'temporary'], negated: false });
    expect(filterNode(clause('lockKind', 'isEmpty'))).toEqual({ kind: 'lockKind', kinds: ['admin', 'system', 'temporary'], negated: true });
    expect(filterNode(clause('isPinExpired', 'ne', 'True'))).toEqual({ kind: 'flag', flag: 'isPinExpired', value: false });
    expect(filterNode(clause('pinExpiresWithinDays', 'eq', ' 14 '))).toEqual({ kind: 'expiresWithin', days: 14 });
  });

  it('read from the URL, a bad one dropped with a note', () => {
    const { search, problems } = parseUserSearch(new URLSearchParams('fp=lockKind&fo=eq&fv=Admin&fp=pinExpiresWithinDays&fo=eq&fv=soon'));
    expect(search.filters).toEqual([clause('lockKind', 'eq', 'Admin')]);
    expect(problems).toEqual(['Filter 2 was ignored: PinExpiresWithinDays must be a number of days from 1 to 999.']);
  });

  it('come from Get-CsUser -Filter', () => {
    expect(parseUserFilter('LockKind -eq "System" -and IsPinExpired -eq $false -and PinExpiresWithinDays -eq 14')).toEqual([
      clause('lockKind', 'eq', 'System'),
      clause('isPinExpired', 'eq', 'False'),
      clause('pinExpiresWithinDays', 'eq', '14'),
    ]);
    expect(parseUserFilter('LockKind -eq $null')).toEqual([clause('lockKind', 'isEmpty')]);
    expect(() => parseUserFilter('LockKind -eq "Frozen"')).toThrow('LockKind must be one of Temporary, System, Admin.');
  });

  it('offer only their operators and values in the search form', () => {
    expect(propertyOperators('lockKind')).toEqual(['eq', 'ne', 'isEmpty', 'isNotEmpty']);
    expect(propertyOperators('pinExpiresWithinDays')).toEqual(['eq']);
    expect(propertyOperators('isPinExpired')).toEqual(['eq', 'ne']);
    expect(propertyOperators('department')).toHaveLength(6);
    expect(propertyValueHint('lockKind')?.choices).toEqual(['Temporary', 'System', 'Admin']);
    expect(propertyValueHint('department')).toBeNull();
  });
});
