import { describe, expect, it } from 'vitest';
import { clientAddress, clientProtocol } from './request-info';

describe('request info', () => {
  it('prefers the address server.ts derived from the socket over X-Forwarded-For', () => {
    const headers = new Headers({ 'x-pindesk-client-address': '198.51.100.4', 'x-forwarded-for': '203.0.113.9' });
    expect(clientAddress(headers)).toBe('198.51.100.4');
  });

  it('without server.ts (next dev, bare next start), falls back to the nearest X-Forwarded-For hop', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '1.1.1.1, 203.0.113.9' }))).toBe('203.0.113.9');
    expect(clientAddress(new Headers())).toBe('unknown');
  });

  it('calls it https only when server.ts said so', () => {
    expect(clientProtocol(new Headers({ 'x-pindesk-client-proto': 'https' }))).toBe('https');
    expect(clientProtocol(new Headers({ 'x-forwarded-proto': 'https' }))).toBe('http');
  });
});
