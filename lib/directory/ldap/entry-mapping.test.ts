import type { Entry } from 'ldapts';
import { describe, expect, it } from 'vitest';
import type { DirectoryEntry } from '../entry';
import { mapLdapEntry } from './entry-mapping';
import { parseLdapSettings } from './settings';

const settings = parseLdapSettings({
  url: 'ldaps://dc1.litwareinc.com',
  bindDn: 'svc-pindesk@litwareinc.com',
  baseDns: ['DC=litwareinc,DC=com'],
  siteRules: [{ ou: 'OU=Finance,DC=litwareinc,DC=com', site: 'Redmond' }],
});
const GUID_BYTES = Buffer.from([0x3e, 0x2d, 0x1c, 0x8f, 0x5b, 0x4a, 0x6d, 0x4c, 0x8e, 0x7f, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab]);
const GUID = '8f1c2d3e-4a5b-4c6d-8e7f-0123456789ab';
const DN = 'CN=Ken Myer,OU=Payroll,OU=Finance,DC=litwareinc,DC=com';

/** Ken as ldapts hands him over: single values as strings, multi-valued ones as arrays, objectGUID as a Buffer. */
const ken: Entry = {
  dn: DN,
  objectGUID: GUID_BYTES,
  distinguishedName: DN,
  displayName: 'Ken Myer',
  givenName: 'Ken',
  sn: 'Myer',
  sAMAccountName: 'kenmyer',
  userPrincipalName: 'kenmyer@litwareinc.com',
  'msRTCSIP-PrimaryUserAddress': 'sip:kenmyer@litwareinc.com',
  'msRTCSIP-Line': 'tel:+14255550100;ext=100',
  'msRTCSIP-UserEnabled': 'TRUE',
  userAccountControl: '512',
  telephoneNumber: '+1 (425) 555-0100',
  mobile: '+1 (425) 555-0199',
  otherTelephone: ['+1 (425) 555-0101', '+1 (425) 555-0100', ' '],
  title: 'Accountant',
  department: 'Finance',
  physicalDeliveryOfficeName: '12/1100',
  l: 'Redmond',
};

const expected: DirectoryEntry = {
  externalId: GUID,
  displayName: 'Ken Myer',
  firstName: 'Ken',
  lastName: 'Myer',
  samAccountName: 'kenmyer',
  domain: 'litwareinc',
  upn: 'kenmyer@litwareinc.com',
  sipAddress: 'sip:kenmyer@litwareinc.com',
  lineUri: 'tel:+14255550100;ext=100',
  otherPhones: ['+1 (425) 555-0100', '+1 (425) 555-0199', '+1 (425) 555-0101'],
  distinguishedName: DN,
  title: 'Accountant',
  department: 'Finance',
  office: '12/1100',
  city: 'Redmond',
  site: 'Redmond',
  enabled: true,
};

describe('mapLdapEntry', () => {
  it('maps an Active Directory user with the default attributes', () => {
    expect(mapLdapEntry(ken, settings)).toEqual({ entry: expected });
  });

  it.each([
    ['the disabled bit', { userAccountControl: '514' }, { enabled: false }],
    ['msRTCSIP-UserEnabled FALSE', { 'msRTCSIP-UserEnabled': 'FALSE' }, { enabled: false }],
    ['msRTCSIP-UserEnabled in lower case', { 'msRTCSIP-UserEnabled': 'true' }, { enabled: true }],
    ['msRTCSIP-UserEnabled missing', { 'msRTCSIP-UserEnabled': [] }, { enabled: false }],
    ['a SIP address in mixed case', { 'msRTCSIP-PrimaryUserAddress': 'SIP:Ken.Myer@LitwareInc.com' }, { sipAddress: 'sip:ken.myer@litwareinc.com' }],
    ['a SIP address without sip:', { 'msRTCSIP-PrimaryUserAddress': 'kenmyer@litwareinc.com' }, { sipAddress: 'sip:kenmyer@litwareinc.com' }],
    ['a line URI with spaces around', { 'msRTCSIP-Line': '  tel:+14255550100  ' }, { lineUri: 'tel:+14255550100' }],
    ['no line', { 'msRTCSIP-Line': [] }, { lineUri: '' }],
    ['no phones', { telephoneNumber: [], mobile: [], otherTelephone: [] }, { otherPhones: [] }],
    ['an ipPhone', { ipPhone: '4100' }, { otherPhones: ['+1 (425) 555-0100', '4100', '+1 (425) 555-0199', '+1 (425) 555-0101'] }],
    [
      'an OU no rule covers',
      { distinguishedName: 'CN=Ken Myer,OU=Sales,DC=litwareinc,DC=com' },
      { site: null, distinguishedName: 'CN=Ken Myer,OU=Sales,DC=litwareinc,DC=com' },
    ],
    ['attribute names in another case', { objectGUID: [], objectguid: GUID_BYTES, displayName: [], displayname: 'Ken M' }, { displayName: 'Ken M' }],
    ['a missing distinguishedName attribute (the entry DN is used)', { distinguishedName: [] }, {}],
  ] satisfies [string, Partial<Entry>, Partial<DirectoryEntry>][])('reads %s', (_, change, fields) => {
    expect(mapLdapEntry({ ...ken, ...change } as Entry, settings)).toEqual({ entry: { ...expected, ...fields } });
  });

  it('takes the site from the site attribute before the OU rules, and a mapped attribute instead of the default', () => {
    const custom = parseLdapSettings({
      url: 'ldaps://dc1.litwareinc.com',
      bindDn: 'x',
      baseDns: ['DC=litwareinc,DC=com'],
      siteAttribute: 'extensionAttribute1',
      attributes: { office: 'roomNumber' },
      siteRules: settings.siteRules,
    });
    const mapped = mapLdapEntry({ ...ken, extensionAttribute1: 'Tokyo', roomNumber: 'B-12' }, custom);
    expect(mapped).toEqual({ entry: { ...expected, site: 'Tokyo', office: 'B-12' } });
    expect(mapLdapEntry({ ...ken, extensionAttribute1: ' ' }, custom)).toMatchObject({ entry: { site: 'Redmond' } });
  });

  it.each([
    ['no SIP address', { 'msRTCSIP-PrimaryUserAddress': [] }, 'it has no SIP address', GUID],
    ['a malformed line URI', { 'msRTCSIP-Line': '+14255550100' }, 'line URI "+14255550100" is malformed', GUID],
    ['no objectGUID', { objectGUID: [] }, 'objectGUID', undefined],
    ['an objectGUID of the wrong length', { objectGUID: Buffer.alloc(4) }, 'objectGUID', undefined],
    ['an objectGUID read as text', { objectGUID: 'not bytes' }, 'objectGUID', undefined],
    ['no account name', { sAMAccountName: [] }, 'account name', GUID],
  ] satisfies [string, Partial<Entry>, string, string | undefined][])('reports %s as a problem with the DN', (_, change, reason, externalId) => {
    const mapped = mapLdapEntry({ ...ken, ...change } as Entry, settings);
    expect(mapped).toEqual({ problem: { entry: DN, reason: expect.stringContaining(reason), ...(externalId ? { externalId } : {}) } });
  });
});
