import { describe, expect, it } from 'vitest';
import { parseTrustedProxies, TrustedProxiesError } from './trusted-proxies';

describe('TRUSTED_PROXIES', () => {
  it('unset or empty trusts nobody', () => {
    for (const value of [undefined, '', '  ']) {
      const trust = parseTrustedProxies(value);
      expect(trust('127.0.0.1', 0)).toBe(false);
      expect(trust('10.0.0.1', 0)).toBe(false);
    }
  });

  it('a list of addresses and CIDR ranges, IPv4 and IPv6', () => {
    const trust = parseTrustedProxies('10.0.0.0/8, 127.0.0.1,2001:db8::/32,::1');
    expect(trust('10.20.30.40', 0)).toBe(true);
    expect(trust('127.0.0.1', 5)).toBe(true);
    expect(trust('::ffff:127.0.0.1', 0)).toBe(true);
    expect(trust('2001:db8::7', 0)).toBe(true);
    expect(trust('::1', 0)).toBe(true);
    expect(trust('11.0.0.1', 0)).toBe(false);
    expect(trust('127.0.0.2', 0)).toBe(false);
    expect(trust('not-an-address', 0)).toBe(false);
  });

  it('the named ranges proxy-addr knows', () => {
    const trust = parseTrustedProxies('loopback,uniquelocal');
    expect(trust('127.0.0.1', 0)).toBe(true);
    expect(trust('192.168.1.1', 0)).toBe(true);
    expect(trust('203.0.113.5', 0)).toBe(false);
  });

  it('a hop count trusts the nearest n hops whatever their address', () => {
    const trust = parseTrustedProxies('2');
    expect(trust('203.0.113.5', 0)).toBe(true);
    expect(trust('203.0.113.6', 1)).toBe(true);
    expect(trust('203.0.113.7', 2)).toBe(false);
    expect(parseTrustedProxies('0')('127.0.0.1', 0)).toBe(false);
  });

  it.each([
    ['10.0.0.0/33', '"10.0.0.0/33" is not an IP address'],
    ['10.0.0.256', '"10.0.0.256" is not an IP address'],
    ['::1/129', '"::1/129" is not an IP address'],
    ['10.0.0.0/8/8', '"10.0.0.0/8/8" is not'],
    ['proxy.example.com', '"proxy.example.com" is not'],
    ['10.0.0.1,', '"" is not'],
    ['10.0.0.0/x', '"10.0.0.0/x" is not'],
    ['-1', '"-1" is not'],
    ['33', 'hop count must be from 0 to 32'],
    ['1'.repeat(5000), 'longer than 4096'],
  ])('refuses %j with a message saying what is wrong and how to write it', (value, message) => {
    expect(() => parseTrustedProxies(value)).toThrow(TrustedProxiesError);
    expect(() => parseTrustedProxies(value)).toThrow(message);
    expect(() => parseTrustedProxies(value)).toThrow('e.g. TRUSTED_PROXIES=10.0.0.0/8,127.0.0.1');
  });
});
