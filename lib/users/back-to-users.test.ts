import { describe, expect, it } from 'vitest';
import { MAX_FROM_LENGTH, backToUsersHref, userPageHref } from './back-to-users';

describe('userPageHref', () => {
  it.each([
    ['u1', '', '/users/u1'],
    ['u1', 'q=ken', '/users/u1?from=q%3Dken'],
    ['u1', '?q=ken&fp=department&fo=eq&fv=Finance', '/users/u1?from=q%3Dken%26fp%3Ddepartment%26fo%3Deq%26fv%3DFinance'],
    ['a/b', 'q=x', '/users/a%2Fb?from=q%3Dx'],
    ['u1', 'q=' + 'x'.repeat(MAX_FROM_LENGTH), '/users/u1'],
  ])('%s with %j → %s', (id, query, href) => {
    expect(userPageHref(id, query)).toBe(href);
  });
});

describe('backToUsersHref', () => {
  it.each([
    [undefined, '/users'],
    [null, '/users'],
    ['', '/users'],
    [['q=a', 'q=b'], '/users'],
    ['q=ken', '/users?q=ken'],
    ['?q=ken&page=2', '/users?q=ken&page=2'],
    ['q=litwareinc%5Ckenmyer', '/users?q=litwareinc%5Ckenmyer'],
    ['q=tel:+14255550100', '/users?q=tel%3A+14255550100'],
    // Hostile values never leave /users: they become an encoded query.
    ['//evil.example/x', '/users?%2F%2Fevil.example%2Fx='],
    ['https://evil.example', '/users?https%3A%2F%2Fevil.example='],
    ['javascript:alert(1)', '/users?javascript%3Aalert%281%29='],
    ['q=a#frag', '/users?q=a%23frag'],
    ['q=\n\r<script>', '/users?q=%0A%0D%3Cscript%3E'],
    ['q=' + 'x'.repeat(MAX_FROM_LENGTH), '/users'],
  ])('%j → %s', (from, href) => {
    expect(backToUsersHref(from)).toBe(href);
  });

  it('round-trips what userPageHref wrote', () => {
    const query = 'q=Ken+Myer&fp=department&fo=eq&fv=Finance&max=500';
    const from = new URL(userPageHref('u1', query), 'http://x').searchParams.get('from');
    expect(backToUsersHref(from)).toBe(`/users?${query}`);
  });
});
