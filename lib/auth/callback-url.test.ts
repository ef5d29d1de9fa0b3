import { describe, expect, it } from 'vitest';
import { safeCallbackUrl } from './callback-url';

describe('safeCallbackUrl', () => {
  it.each([
    ['/users', '/users'],
    ['/users?q=ken&page=2', '/users?q=ken&page=2'],
    ['/jobs/abc#results', '/jobs/abc#results'],
    ['/users?next=//evil.example', '/users?next=//evil.example'],
    // Encoded characters stay encoded: a path segment on this site, not a host.
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/%5Cevil.example', '/%5Cevil.example'],
    ['/%09/evil.example', '/%09/evil.example'],
    ['/a/../users', '/users'],
    ['http://pindesk.invalid/users', '/users'],
    // Same scheme as the base: a browser reads it as a relative path too.
    ['http:evil.example', '/evil.example'],
  ])('keeps the path on this site: %j → %j', (value, expected) => {
    expect(safeCallbackUrl(value)).toBe(expected);
  });

  it.each([
    // What reaches the page once the query string is decoded: `?callbackUrl=/%09/evil.example`.
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r/evil.example',
    '/\r\n/evil.example',
    '\t//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\\/evil.example',
    '\\/evil.example',
    '//evil.example',
    '//evil.example/users',
    '///evil.example',
    // Dot segments that collapse into a protocol-relative path.
    '/.//evil.example',
    '/./\\evil.example',
    '/a/..//evil.example',
    '/users/../..//evil.example',
    'https://evil.example',
    'https://evil.example/users',
    'HTTPS://evil.example',
    ' https://evil.example',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'mailto:someone@evil.example',
    '',
    'x'.repeat(2049),
  ])('sends %j to the home page', (value) => {
    expect(safeCallbackUrl(value)).toBe('/');
  });

  it('refuses what is not a string', () => {
    expect(safeCallbackUrl(undefined)).toBe('/');
    expect(safeCallbackUrl(['/users'])).toBe('/');
    expect(safeCallbackUrl(42)).toBe('/');
  });

  it('with the real origin given, keeps an absolute URL on it and refuses another port or scheme', () => {
    const own = 'https://pindesk.example.com';
    expect(safeCallbackUrl('https://pindesk.example.com/audit?x=1', own)).toBe('/audit?x=1');
    expect(safeCallbackUrl('https://pindesk.example.com:8443/audit', own)).toBe('/');
    expect(safeCallbackUrl('http://pindesk.example.com/audit', own)).toBe('/');
    expect(safeCallbackUrl('https://pindesk.example.com.evil.example/', own)).toBe('/');
  });
});
