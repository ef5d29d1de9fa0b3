import { describe, expect, it } from 'vitest';
import { createDuplicateCheck } from './duplicates';

describe('createDuplicateCheck', () => {
  it('passes the first row of each SIP address and Guid and names it on later ones', () => {
    const check = createDuplicateCheck();
    expect(check({ line: 3, sipAddress: 'sip:a@b.c', externalId: 'id-a' })).toBeNull();
    expect(check({ line: 4, sipAddress: 'sip:b@b.c', externalId: 'id-b' })).toBeNull();
    expect(check({ line: 7, sipAddress: 'sip:a@b.c', externalId: 'id-x' })).toBe('duplicate SIP address, also on line 3');
    expect(check({ line: 9, sipAddress: 'sip:c@b.c', externalId: 'id-b' })).toBe('duplicate Guid, also on line 4');
    expect(check({ line: 11, sipAddress: 'sip:a@b.c', externalId: 'id-a' })).toBe('duplicate SIP address, also on line 3');
  });

  it('does not pair rows that have no SIP address or key', () => {
    const check = createDuplicateCheck();
    expect(check({ line: 3, sipAddress: '', externalId: '' })).toBeNull();
    expect(check({ line: 4, sipAddress: '', externalId: '' })).toBeNull();
  });
});
