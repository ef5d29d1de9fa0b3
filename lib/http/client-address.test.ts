import { describe, expect, it } from 'vitest';
import { clientAddressOf, clientProtocolOf, stampClientHeaders } from './client-address';
import { parseTrustedProxies, trustNone } from './trusted-proxies';

type Headers = Record<string, string | string[] | undefined>;
const request = (remoteAddress: string, headers: Headers = {}, encrypted = false) => ({ socket: { remoteAddress, encrypted }, headers });

describe('the client address of a Node.js request', () => {
  it('trusting nobody, is the socket peer whatever X-Forwarded-For says', () => {
    expect(clientAddressOf(request('198.51.100.4', { 'x-forwarded-for': '203.0.113.9' }), trustNone)).toBe('198.51.100.4');
    expect(clientAddressOf(request('::ffff:127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }), trustNone)).toBe('127.0.0.1');
    expect(clientAddressOf(request('::1'), trustNone)).toBe('::1');
  });

  it('through trusted proxies, is the rightmost X-Forwarded-For hop that is not one', () => {
    const trust = parseTrustedProxies('10.0.0.0/8');
    // The client forged the leftmost entry; the load balancers appended the real ones.
    const forged = request('10.0.0.2', { 'x-forwarded-for': '1.1.1.1, 203.0.113.9, 10.0.0.1' });
    expect(clientAddressOf(forged, trust)).toBe('203.0.113.9');
    // A peer outside the trusted ranges is the client, whatever it forwards.
    expect(clientAddressOf(request('198.51.100.4', { 'x-forwarded-for': '203.0.113.9' }), trust)).toBe('198.51.100.4');
    // A trusted proxy that had no X-Forwarded-For to pass on is itself the last word.
    expect(clientAddressOf(request('10.0.0.2'), trust)).toBe('10.0.0.2');
  });

  it('with a hop count, counts hops from this server', () => {
    const forged = request('192.0.2.1', { 'x-forwarded-for': '1.1.1.1, 203.0.113.9' });
    expect(clientAddressOf(forged, parseTrustedProxies('1'))).toBe('203.0.113.9');
    expect(clientAddressOf(forged, parseTrustedProxies('2'))).toBe('1.1.1.1');
  });

  it('falls back to the socket peer when the hop it lands on is not an address', () => {
    expect(clientAddressOf(request('192.0.2.1', { 'x-forwarded-for': 'unknown' }), parseTrustedProxies('1'))).toBe('192.0.2.1');
  });

  it('believes X-Forwarded-Proto only from a trusted peer', () => {
    const says = (peer: string) => request(peer, { 'x-forwarded-proto': 'https' });
    expect(clientProtocolOf(says('127.0.0.1'), trustNone)).toBe('http');
    expect(clientProtocolOf(says('127.0.0.1'), parseTrustedProxies('127.0.0.1'))).toBe('https');
    expect(clientProtocolOf(request('127.0.0.1', { 'x-forwarded-proto': 'HTTPS, http' }), parseTrustedProxies('127.0.0.1'))).toBe('https');
    expect(clientProtocolOf(request('127.0.0.1', { 'x-forwarded-proto': 'gopher' }), parseTrustedProxies('127.0.0.1'))).toBe('http');
    expect(clientProtocolOf(request('127.0.0.1', {}, true), trustNone)).toBe('https');
  });

  it('stamping replaces private headers the client sent and drops untrusted forwarded host and protocol', () => {
    const forged = request('198.51.100.4', {
      'x-pindesk-client-address': '203.0.113.9',
      'x-pindesk-client-proto': 'https',
      'x-pindesk-anything': 'x',
      'x-forwarded-for': '203.0.113.9',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
      host: 'pindesk.example.com',
    });
    stampClientHeaders(forged, trustNone, 'the-stamp');
    expect(forged.headers).toEqual({
      'x-pindesk-stamp': 'the-stamp',
      'x-pindesk-client-address': '198.51.100.4',
      'x-pindesk-client-proto': 'http',
      'x-forwarded-for': '203.0.113.9',
      'x-forwarded-proto': 'http',
      host: 'pindesk.example.com',
    });

    const proxied = request('127.0.0.1', { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-host': 'pindesk.example.com', 'x-forwarded-proto': 'https' });
    stampClientHeaders(proxied, parseTrustedProxies('127.0.0.1'));
    expect(proxied.headers).toMatchObject({
      'x-pindesk-client-address': '203.0.113.9',
      'x-pindesk-client-proto': 'https',
      'x-forwarded-host': 'pindesk.example.com',
    });
  });

  it("a request Next.js forwards to itself with this process's stamp keeps the client's headers; a guessed stamp does not", () => {
    const original = request('203.0.113.9', { host: 'pindesk.example.com' });
    stampClientHeaders(original, trustNone, 'the-stamp');
    // Next.js re-requests this server over loopback with every header of the original.
    const forwarded = request('127.0.0.1', { ...original.headers, host: 'localhost:3000', 'x-forwarded-host': 'pindesk.example.com' });
    stampClientHeaders(forwarded, trustNone, 'the-stamp');
    expect(forwarded.headers).toMatchObject({ 'x-pindesk-client-address': '203.0.113.9', 'x-forwarded-host': 'pindesk.example.com' });

    const guessed = request('198.51.100.4', { 'x-pindesk-stamp': 'the-stamq', 'x-pindesk-client-address': '203.0.113.9', 'x-forwarded-host': 'evil.example' });
    stampClientHeaders(guessed, trustNone, 'the-stamp');
    expect(guessed.headers).toEqual({
      'x-pindesk-client-address': '198.51.100.4',
      'x-pindesk-client-proto': 'http',
      'x-forwarded-proto': 'http',
      'x-pindesk-stamp': 'the-stamp',
    });
  });
});
