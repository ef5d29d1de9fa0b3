import { describe, expect, it } from 'vitest';
import { entryProblem, guidFromBytes, type DirectoryEntry, guidToBytes } from './entry';

const ken: DirectoryEntry = {
  externalId: '8f1c2d3e-4a5b-4c6d-8e7f-0123456789ab',
  displayName: 'Ken Myer',
  firstName: 'Ken',
  lastName: 'Myer',
  samAccountName: 'kenmyer',
  domain: 'litwareinc',
  upn: 'kenmyer@litwareinc.com',
  sipAddress: 'sip:kenmyer@litwareinc.com',
  lineUri: 'tel:+14255550100;ext=100',
  otherPhones: ['+1 (425) 555-0101'],
  distinguishedName: 'CN=Ken Myer,OU=Finance,DC=litwareinc,DC=com',
  title: 'Accountant',
  department: 'Finance',
  office: '12/1100',
  city: 'Redmond',
  site: 'Redmond',
  enabled: true,
};

describe('entryProblem', () => {
  it('takes a complete entry, and one without a line', () => {
    expect(entryProblem(ken)).toBeNull();
    expect(entryProblem({ ...ken, lineUri: '' })).toBeNull();
  });

  it.each([
    [{ sipAddress: '' }, 'it has no SIP address'],
    [{ sipAddress: 'kenmyer@litwareinc.com' }, 'is malformed (expected sip:user@domain)'],
    [{ lineUri: '+14255550100' }, 'line URI "+14255550100" is malformed'],
    [{ lineUri: 'tel:+1425;ext=abc' }, 'line URI'],
    [{ externalId: 'not-a-guid' }, 'objectGUID'],
    [{ displayName: '  ' }, 'no display name'],
    [{ samAccountName: 'ken\\myer' }, 'account name'],
    [{ upn: 'kenmyer' }, 'user principal name'],
    [{ otherPhones: Array(17).fill('1') }, 'at most 16'],
    [{ title: 'x'.repeat(1025) }, 'title is longer than 1024'],
  ] satisfies [Partial<DirectoryEntry>, string][])('refuses %o with a reason', (change, reason) => {
    expect(entryProblem({ ...ken, ...change })).toContain(reason);
  });

  it('quotes a hostile value shortened', () => {
    const problem = entryProblem({ ...ken, lineUri: 'x'.repeat(500) }) ?? '';
    expect(problem.length).toBeLessThan(200);
  });
});

describe('guidFromBytes', () => {
  it('reads the first three groups little-endian, as AD stores an objectGUID', () => {
    const bytes = Uint8Array.from([0x3e, 0x2d, 0x1c, 0x8f, 0x5b, 0x4a, 0x6d, 0x4c, 0x8e, 0x7f, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab]);
    expect(guidFromBytes(bytes)).toBe('8f1c2d3e-4a5b-4c6d-8e7f-0123456789ab');
  });
  it('refuses anything but 16 bytes', () => {
    expect(() => guidFromBytes(new Uint8Array(15))).toThrow('16 bytes');
  });
});

describe('guidToBytes', () => {
  it('is guidFromBytes reversed', () => {
    const bytes = Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + 11) % 256);
    expect(guidToBytes(guidFromBytes(bytes))).toEqual(Buffer.from(bytes));
    expect(() => guidToBytes('not-a-guid')).toThrow(RangeError);
  });
});
