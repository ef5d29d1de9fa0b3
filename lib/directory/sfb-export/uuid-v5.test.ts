import { describe, expect, it } from 'vitest';
import { uuidV5 } from './uuid-v5';

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

describe('uuidV5', () => {
  it('gives the RFC 9562 version 5 UUID (same as Python uuid.uuid5)', () => {
    expect(uuidV5('www.example.com', DNS_NAMESPACE)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(uuidV5('python.org', DNS_NAMESPACE)).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('is stable and differs by name', () => {
    expect(uuidV5('sip:ken@litwareinc.com', DNS_NAMESPACE)).toBe(uuidV5('sip:ken@litwareinc.com', DNS_NAMESPACE));
    expect(uuidV5('sip:ken@litwareinc.com', DNS_NAMESPACE)).not.toBe(uuidV5('sip:ben@litwareinc.com', DNS_NAMESPACE));
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(/namespace must be a lower-case UUID/);
  });
});
