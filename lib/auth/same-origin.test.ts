import { describe, expect, it } from 'vitest';
import { checkSameOrigin } from './same-origin';

const h = (entries: Record<string, string>) => new Headers({ host: 'pindesk.example.com', ...entries });

describe('checkSameOrigin', () => {
  it('accepts the own origin, on either protocol the own host can be reached with', () => {
    expect(checkSameOrigin(h({ origin: 'http://pindesk.example.com' }))).toEqual({ ok: true });
    expect(checkSameOrigin(h({ origin: 'https://pindesk.example.com', 'x-pindesk-client-proto': 'https' }))).toEqual({ ok: true });
    expect(checkSameOrigin(h({ origin: 'https://PinDesk.example.com' }))).toEqual({ ok: true });
    expect(checkSameOrigin(h({ origin: 'https://pindesk.example.com', 'x-forwarded-host': 'pindesk.example.com' }))).toEqual({ ok: true });
  });

  it('refuses another origin, with what it was shown', () => {
    expect(checkSameOrigin(h({ origin: 'https://evil.example' }))).toEqual({ ok: false, origin: 'https://evil.example', secFetchSite: null });
    expect(checkSameOrigin(h({ origin: 'https://pindesk.example.com.evil.example' })).ok).toBe(false);
    expect(checkSameOrigin(h({ origin: 'https://intranet.example.com' })).ok).toBe(false);
    expect(checkSameOrigin(h({ origin: 'http://pindesk.example.com:8080' })).ok).toBe(false);
    // Known to be served over HTTPS: a plain-HTTP page on the same host is another origin.
    expect(checkSameOrigin(h({ origin: 'http://pindesk.example.com', 'x-pindesk-client-proto': 'https' })).ok).toBe(false);
    // Sandboxed frames and some redirects send "null".
    expect(checkSameOrigin(h({ origin: 'null' })).ok).toBe(false);
    // Origin wins over a Sec-Fetch-Site that says otherwise.
    expect(checkSameOrigin(h({ origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' })).ok).toBe(false);
  });

  it('without Origin, goes by Sec-Fetch-Site', () => {
    expect(checkSameOrigin(h({ 'sec-fetch-site': 'same-origin' }))).toEqual({ ok: true });
    expect(checkSameOrigin(h({ 'sec-fetch-site': 'none' }))).toEqual({ ok: true });
    expect(checkSameOrigin(h({ 'sec-fetch-site': 'cross-site' }))).toEqual({ ok: false, origin: null, secFetchSite: 'cross-site' });
    expect(checkSameOrigin(h({ 'sec-fetch-site': 'same-site' })).ok).toBe(false);
  });

  it('compares origins as URLs: default ports and case do not matter, an unparsable Origin is refused', () => {
    expect(checkSameOrigin(new Headers({ host: 'pindesk.example.com:443', origin: 'https://pindesk.example.com' })).ok).toBe(true);
    expect(checkSameOrigin(new Headers({ host: 'PinDesk.example.com', origin: 'https://pindesk.example.com:443' })).ok).toBe(true);
    expect(checkSameOrigin(new Headers({ host: 'pindesk.example.com:8443', origin: 'https://pindesk.example.com:8443' })).ok).toBe(true);
    expect(checkSameOrigin(h({ origin: 'pindesk.example.com' })).ok).toBe(false);
    expect(checkSameOrigin(h({ origin: 'javascript://pindesk.example.com' })).ok).toBe(false);
  });

  it('lets through what no browser sent (neither header)', () => {
    expect(checkSameOrigin(h({}))).toEqual({ ok: true });
  });

  it('refuses an Origin when there is no Host to compare it with', () => {
    expect(checkSameOrigin(new Headers({ origin: 'http://pindesk.example.com' })).ok).toBe(false);
  });
});
