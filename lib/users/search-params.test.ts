import { describe, expect, it } from 'vitest';
import {
  canonicalUserSearch,
  checkFilterClause,
  DEFAULT_MAX_USERS,
  parseUserSearch,
  userSearchParamProblem,
  userSearchToParams,
  type UserSearch,
} from './search-params';

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

  it('keeps the sort and order in the URL, defaults left out', () => {
    const sorted: UserSearch = { q: '', filters: [], max: 200, page: 1, sort: 'department', order: 'desc' };
    expect(userSearchToParams(sorted).toString()).toBe('sort=department&order=desc');
    expect(parseUserSearch(userSearchToParams(sorted))).toEqual({ search: sorted, problems: [] });
    expect(userSearchToParams({ ...sorted, sort: 'displayName', order: 'asc' }).toString()).toBe('');
  });

  it('ignores an unknown sort or order with a note, and the API refuses it', () => {
    const { search, problems } = parseUserSearch(new URLSearchParams('sort=passwordHash&order=sideways'));
    expect([search.sort, search.order]).toEqual([undefined, undefined]);
    expect(problems).toEqual(['Sort must be one of: displayName, sipAddress, department. It was ignored.', 'Order must be asc or desc. It was ignored.']);
    expect(userSearchParamProblem(new URLSearchParams('sort=constructor'))).toEqual({ field: 'sort', message: expect.stringMatching(/^Sort must be one of/) });
    expect(userSearchParamProblem(new URLSearchParams('order=DESC'))).toEqual({ field: 'order', message: 'Order must be asc or desc.' });
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
  it.each([
    'fp=constructor&fo=eq&fv=x',
    'fp=__proto__&fo=eq&fv=x',
    'fp=department&fo=toString&fv=x',
    'fp=department&fo=hasOwnProperty&fv=x',
    'fp=toString&fo=constructor',
  ])('drops %s with a note naming the choices, never "[object Object]"', (query) => {
    const { search, problems } = parseUserSearch(new URLSearchParams(query));
    expect(search.filters).toEqual([]);
    expect(problems[0]).toMatch(/Filter 1 was ignored: Choose (a property to filter on|an operator for Department) \(/);
    expect(problems.join(' ')).not.toContain('[object');
  });

  it('ignores overlong or control-character search text with a note', () => {
    expect(parseUserSearch(new URLSearchParams({ q: 'x'.repeat(300) }))).toMatchObject({
      search: { q: '' },
      problems: ['The search text can be at most 256 characters (it has 300). It was ignored.'],
    });
    expect(parseUserSearch(new URLSearchParams({ q: '\u0000' })).problems[0]).toMatch(/control character/);
    expect(checkFilterClause({ property: 'department', operator: 'eq', value: 'a\u0000' })[0]).toMatch(/control character/);
  });

  it('names the parameter and its maximum for the API', () => {
    expect(userSearchParamProblem(new URLSearchParams({ q: '*'.repeat(10_000) }))).toEqual({
      field: 'q',
      message: 'q can be at most 256 characters (it has 10,000).',
    });
    expect(userSearchParamProblem(new URLSearchParams({ fv: 'a'.repeat(257) }))).toMatchObject({ field: 'fv' });
    expect(userSearchParamProblem(new URLSearchParams('q=%00'))).toMatchObject({ field: 'q', message: expect.stringMatching(/control character/) });
    expect(userSearchParamProblem(new URLSearchParams('q=ken&fp=department&fo=eq&fv=Sales'))).toBeNull();
  });
});

describe('canonicalUserSearch: one string per search, whatever the URL order', () => {
  const finance: UserSearch = { q: '', filters: [{ property: 'ou', operator: 'eq', value: 'OU=Finance,DC=litwareinc,DC=com' }], max: 5000, page: 1 };
  const key = canonicalUserSearch(finance);

  it.each([
    ['max first', 'max=5000&fp=ou&fo=eq&fv=OU%3DFinance%2CDC%3Dlitwareinc%2CDC%3Dcom'],
    ['app order', 'fp=ou&fo=eq&fv=OU%3DFinance%2CDC%3Dlitwareinc%2CDC%3Dcom&max=5000'],
    ['triplet shuffled, page 1 spelled out', 'fv=OU%3DFinance%2CDC%3Dlitwareinc%2CDC%3Dcom&page=1&fo=eq&max=5000&fp=ou'],
    ['an empty q and a dropped bad filter', 'q=&max=5000&fp=ou&fo=eq&fv=OU%3DFinance%2CDC%3Dlitwareinc%2CDC%3Dcom&fp=bogus&fo=eq&fv=x'],
  ])('%s: the URL and the search it stands for compare equal', (_name, url) => {
    expect(canonicalUserSearch(new URLSearchParams(url))).toBe(key);
  });

  it.each([
    ['another max', 'max=500&fp=ou&fo=eq&fv=OU%3DFinance%2CDC%3Dlitwareinc%2CDC%3Dcom'],
    ['another page', 'max=5000&page=2&fp=ou&fo=eq&fv=OU%3DFinance%2CDC%3Dlitwareinc%2CDC%3Dcom'],
    ['another OU', 'max=5000&fp=ou&fo=eq&fv=OU%3DSales%2CDC%3Dlitwareinc%2CDC%3Dcom'],
    ['search text added', 'q=ken&max=5000&fp=ou&fo=eq&fv=OU%3DFinance%2CDC%3Dlitwareinc%2CDC%3Dcom'],
  ])('%s: a different search compares different', (_name, url) => {
    expect(canonicalUserSearch(new URLSearchParams(url))).not.toBe(key);
  });

  it('a default spelled out is the default', () => {
    expect(canonicalUserSearch(new URLSearchParams(`max=${DEFAULT_MAX_USERS}&page=1`))).toBe(canonicalUserSearch(new URLSearchParams('')));
  });
});
