import { describe, expect, it } from 'vitest';
import { checkFilterClause, DEFAULT_MAX_USERS, parseUserSearch, userSearchParamProblem, userSearchToParams, type UserSearch } from './search-params';

describe('user search parameters', () => {
  it('round-trips through the URL, filters in order', () => {
    const search: UserSearch = {
      q: 'ken',
      filters: [
        { property: 'ou', operator: 'eq', value: 'OU=Finance,DC=litwareinc,DC=com' },
        { property: 'isPinSet', operator: 'eq', value: 'False' },
        { property: 'title', operator: 'contains', value: 'Manager' },
      ],
      max: 500,
      page: 3,
    };
    expect(parseUserSearch(userSearchToParams(search))).toEqual({ search, problems: [] });
  });

  it('defaults and drops bad parts with a note instead of failing', () => {
    const params = new URLSearchParams('q=x&max=0&page=abc&fp=bogus&fo=eq&fv=1&fp=department&fo=eq&fv=Sales');
    const { search, problems } = parseUserSearch(params);
    expect(search.max).toBe(DEFAULT_MAX_USERS);
    expect(search.page).toBe(1);
    expect(search.filters).toEqual([{ property: 'department', operator: 'eq', value: 'Sales' }]);
    expect(problems).toHaveLength(3);
    expect(problems.join(' ')).toMatch(/Maximum users to display must be a whole number from 1 to 100,000/);
  });

  it.each([
    [{ property: 'department', operator: 'eq', value: '' }, /Enter a value for Department/],
    [{ property: 'isLockedOut', operator: 'contains', value: 'True' }, /only be compared with Equal to or Not equal to/],
    [{ property: 'enabled', operator: 'eq', value: 'yes' }, /must be True or False/],
    [{ property: 'ou', operator: 'eq', value: 'Finance' }, /distinguished name such as OU=Finance/],
  ] as const)('explains what is wrong with %o', (clause, message) => {
    expect(checkFilterClause(clause).join(' ')).toMatch(message);
  });

  it.each([
    { property: 'department', operator: 'isEmpty', value: '' },
    { property: 'ou', operator: 'contains', value: 'Finance' },
    { property: 'isPinSet', operator: 'ne', value: 'true' },
  ] as const)('accepts %o', (clause) => expect(checkFilterClause(clause)).toEqual([]));
});

describe('user search parameters from hostile URLs', () => {
  it.each(['fp=constructor&fo=eq&fv=x', 'fp=__proto__&fo=eq&fv=x', 'fp=department&fo=toString&fv=x', 'fp=department&fo=hasOwnProperty&fv=x', 'fp=toString&fo=constructor'])(
    'drops %s with a note naming the choices, never "[object Object]"',
    (query) => {
      const { search, problems } = parseUserSearch(new URLSearchParams(query));
      expect(search.filters).toEqual([]);
      expect(problems[0]).toMatch(/Filter 1 was ignored: Choose (a property to filter on|an operator for Department) \(/);
      expect(problems.join(' ')).not.toContain('[object');
    },
  );

  it('ignores overlong or control-character search text with a note', () => {
    expect(parseUserSearch(new URLSearchParams({ q: 'x'.repeat(300) }))).toMatchObject({ search: { q: '' }, problems: ['The search text can be at most 256 characters (it has 300). It was ignored.'] });
    expect(parseUserSearch(new URLSearchParams({ q: '\u0000' })).problems[0]).toMatch(/control character/);
    expect(checkFilterClause({ property: 'department', operator: 'eq', value: 'a\u0000' })[0]).toMatch(/control character/);
  });

  it('names the parameter and its maximum for the API', () => {
    expect(userSearchParamProblem(new URLSearchParams({ q: '*'.repeat(10_000) }))).toEqual({ field: 'q', message: 'q can be at most 256 characters (it has 10,000).' });
    expect(userSearchParamProblem(new URLSearchParams({ fv: 'a'.repeat(257) }))).toMatchObject({ field: 'fv' });
    expect(userSearchParamProblem(new URLSearchParams('q=%00'))).toMatchObject({ field: 'q', message: expect.stringMatching(/control character/) });
    expect(userSearchParamProblem(new URLSearchParams('q=ken&fp=department&fo=eq&fv=Sales'))).toBeNull();
  });
});
