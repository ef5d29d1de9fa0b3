import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce, signInOriginOf } from './content-security-policy';

const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));

describe('Content-Security-Policy', () => {
  it('allows only scripts with the nonce (and what they load), no eval, no framing, no base, no plugins', () => {
    const policy = directives(contentSecurityPolicy('abc123'));
    expect(policy.get('script-src')).toBe("'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy.get('style-src')).toBe("'self' 'nonce-abc123'");
    expect(policy.get('frame-ancestors')).toBe("'none'");
    expect(policy.get('base-uri')).toBe("'none'");
    expect(policy.get('form-action')).toBe("'self'");
    expect(policy.get('object-src')).toBe("'none'");
    expect(policy.get('default-src')).toBe("'self'");
    expect(contentSecurityPolicy('abc123')).not.toContain('unsafe-eval');
  });

  it("allows eval only in development (next dev's React needs it)", () => {
    expect(directives(contentSecurityPolicy('n', { development: true })).get('script-src')).toBe("'self' 'nonce-n' 'strict-dynamic' 'unsafe-eval'");
  });

  it('draws a fresh, unguessable nonce each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it('lets forms reach the identity provider only when one is configured', () => {
    expect(directives(contentSecurityPolicy('n', { signInOrigin: signInOriginOf('https://login.example.com/tenant/v2.0') })).get('form-action')).toBe(
      "'self' https://login.example.com",
    );
    expect(signInOriginOf(undefined)).toBeNull();
    expect(signInOriginOf('not a url')).toBeNull();
  });
});
