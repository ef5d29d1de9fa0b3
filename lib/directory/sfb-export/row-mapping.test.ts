import { describe, expect, it } from 'vitest';
import { resolveColumns } from './columns';
import { mapRow, SIP_KEY_NAMESPACE, type RowMappingOptions } from './row-mapping';
import { uuidV5 } from './uuid-v5';

const header = [
  'Identity',
  'DisplayName',
  'FirstName',
  'LastName',
  'SamAccountName',
  'UserPrincipalName',
  'SipAddress',
  'LineURI',
  'Enabled',
  'Guid',
  'Title',
  'Department',
  'Office',
  'City',
  'Phone',
  'MobilePhone',
  'OtherTelephone',
  'IPPhone',
];
const { map } = resolveColumns(header);
const ken: Record<string, string> = {
  Identity: 'CN=Ken Myer,OU=Payroll,OU=Finance,DC=litwareinc,DC=com',
  DisplayName: 'Ken Myer',
  FirstName: 'Ken',
  LastName: 'Myer',
  SamAccountName: 'kenmyer',
  UserPrincipalName: 'kenmyer@litwareinc.com',
  SipAddress: 'sip:kenmyer@litwareinc.com',
  LineURI: 'tel:+14255550100;ext=100',
  Enabled: 'True',
  Guid: '8f1c2d3e-4a5b-4c6d-8e7f-0123456789ab',
  Title: 'Accountant',
  Department: 'Finance',
  Office: '12/1100',
  City: 'Redmond',
  Phone: '+1 (425) 555-0101',
  MobilePhone: '+1 (425) 555-0199',
  OtherTelephone: 'Microsoft.Rtc.Management.ADConnect.Collections.MultiValuedProperty`1[System.String]',
  IPPhone: '+1 (425) 555-0101',
};
const row = (changes: Record<string, string> = {}, line = 12, options?: RowMappingOptions) =>
  mapRow({ line, fields: header.map((name) => changes[name] ?? ken[name]) }, map, options);

describe('mapRow', () => {
  it('maps a Get-CsUser row to an entry', () => {
    expect(row()).toEqual({
      sipAddress: 'sip:kenmyer@litwareinc.com',
      externalId: '8f1c2d3e-4a5b-4c6d-8e7f-0123456789ab',
      problem: null,
      entry: {
        externalId: '8f1c2d3e-4a5b-4c6d-8e7f-0123456789ab',
        displayName: 'Ken Myer',
        firstName: 'Ken',
        lastName: 'Myer',
        samAccountName: 'kenmyer',
        domain: 'litwareinc',
        upn: 'kenmyer@litwareinc.com',
        sipAddress: 'sip:kenmyer@litwareinc.com',
        lineUri: 'tel:+14255550100;ext=100',
        // The phone and IP phone are the same number; the multi-valued column is only a type name.
        otherPhones: ['+1 (425) 555-0101', '+1 (425) 555-0199'],
        distinguishedName: 'CN=Ken Myer,OU=Payroll,OU=Finance,DC=litwareinc,DC=com',
        title: 'Accountant',
        department: 'Finance',
        office: '12/1100',
        city: 'Redmond',
        site: null,
        enabled: true,
      },
    });
  });

  it.each([
    ['a Guid in upper case and braces', { Guid: '{8F1C2D3E-4A5B-4C6D-8E7F-0123456789AB}' }, '8f1c2d3e-4a5b-4c6d-8e7f-0123456789ab'],
    ['no Guid: a UUIDv5 of the SIP address', { Guid: '' }, uuidV5('sip:kenmyer@litwareinc.com', SIP_KEY_NAMESPACE)],
    [
      'no Guid and a SIP address in another case',
      { Guid: '', SipAddress: 'SIP:KenMyer@LitwareInc.com' },
      uuidV5('sip:kenmyer@litwareinc.com', SIP_KEY_NAMESPACE),
    ],
  ])('keys %s', (_, changes, externalId) => {
    expect(row(changes).entry?.externalId).toBe(externalId);
  });

  it.each([
    ['sip:kenmyer@litwareinc.com', 'sip:kenmyer@litwareinc.com'],
    ['  KenMyer@Litwareinc.com ', 'sip:kenmyer@litwareinc.com'],
    ['SIP:KenMyer@litwareinc.com', 'sip:kenmyer@litwareinc.com'],
  ])('writes the SIP address %j as %j', (sip, expected) => {
    expect(row({ SipAddress: sip }).entry?.sipAddress).toBe(expected);
  });

  it.each([
    ['True', true],
    ['true', true],
    ['FALSE', false],
    [' False ', false],
  ])('reads Enabled %j as %s', (text, enabled) => {
    expect(row({ Enabled: text }).entry?.enabled).toBe(enabled);
  });

  it('takes a row as enabled when the file has no Enabled column', () => {
    const columns = resolveColumns(['SipAddress', 'Identity', 'DisplayName', 'SamAccountName', 'UserPrincipalName', 'Guid']).map;
    const result = mapRow({ line: 3, fields: [ken.SipAddress, ken.Identity, ken.DisplayName, ken.SamAccountName, ken.UserPrincipalName, ken.Guid] }, columns);
    expect(result.entry?.enabled).toBe(true);
  });

  it('prefers the DistinguishedName column, and ignores an Identity that is not a DN', () => {
    const columns = resolveColumns(['SipAddress', 'Identity', 'DistinguishedName', 'DisplayName', 'SamAccountName', 'UserPrincipalName']).map;
    const fields = (identity: string, dn: string) => [ken.SipAddress, identity, dn, ken.DisplayName, ken.SamAccountName, ken.UserPrincipalName];
    expect(mapRow({ line: 3, fields: fields('litwareinc\\kenmyer', 'CN=Ken,DC=fabrikam,DC=com') }, columns).entry?.distinguishedName).toBe(
      'CN=Ken,DC=fabrikam,DC=com',
    );
    expect(mapRow({ line: 3, fields: fields('litwareinc\\kenmyer', '') }, columns).problem?.reason).toBe(
      'it has no distinguished name (neither its DistinguishedName nor its Identity holds one)',
    );
  });

  it('takes the domain from the options, else from the DN', () => {
    expect(row({}, 12, { domain: 'FABRIKAM' }).entry?.domain).toBe('fabrikam');
    expect(row({ Identity: 'CN=Ken,OU=X,DC=contoso,DC=local' }).entry?.domain).toBe('contoso');
  });

  it('places the user by OU → site rules', () => {
    const siteRules = [
      { ou: 'OU=Tokyo,DC=litwareinc,DC=com', site: 'Tokyo' },
      { ou: 'ou=finance,dc=litwareinc,dc=com', site: 'Redmond' },
    ];
    expect(row({}, 12, { siteRules }).entry?.site).toBe('Redmond');
    expect(row({ Identity: 'CN=X,OU=Sales,DC=litwareinc,DC=com' }, 12, { siteRules }).entry?.site).toBeNull();
  });

  it('keeps no phone that is only a .NET type name', () => {
    const entry = row({ Phone: 'System.Collections.ArrayList', MobilePhone: 'System.String[]', IPPhone: '' }).entry;
    expect(entry?.otherPhones).toEqual([]);
  });

  it.each([
    [{ SipAddress: '' }, 'line 12', 'it has no SIP address (its SipAddress is empty)'],
    [
      { SipAddress: 'sip:ken myer@litwareinc.com' },
      'line 12 (sip:ken myer@litwareinc.com)',
      'its SIP address "sip:ken myer@litwareinc.com" is malformed (expected sip:user@domain)',
    ],
    [
      { LineURI: 'tel:555-0100' },
      'line 12 (sip:kenmyer@litwareinc.com)',
      'its line URI "tel:555-0100" is malformed (expected tel:+14255550100 or tel:+14255550100;ext=100)',
    ],
    [{ Enabled: 'Yes' }, 'line 12 (sip:kenmyer@litwareinc.com)', 'its Enabled value "Yes" is neither True nor False'],
    [{ Enabled: '' }, 'line 12 (sip:kenmyer@litwareinc.com)', 'its Enabled value "" is neither True nor False'],
    [
      { Guid: 'not-a-guid' },
      'line 12 (sip:kenmyer@litwareinc.com)',
      'its Guid "not-a-guid" is malformed (expected the form 8f1c2d3e-4a5b-4c6d-8e7f-0123456789ab)',
    ],
    [{ Guid: '00000000-0000-0000-0000-000000000000' }, 'line 12 (sip:kenmyer@litwareinc.com)', expect.stringContaining('its Guid')],
    [{ DisplayName: ' ' }, 'line 12 (sip:kenmyer@litwareinc.com)', 'it has no display name'],
    [{ UserPrincipalName: '' }, 'line 12 (sip:kenmyer@litwareinc.com)', expect.stringContaining('user principal name')],
    [{ Title: 'x'.repeat(1025) }, 'line 12 (sip:kenmyer@litwareinc.com)', 'its title is longer than 1024 characters'],
  ])('reports %j on its line', (changes, entry, reason) => {
    const result = row(changes);
    expect(result.entry).toBeNull();
    expect(result.problem).toMatchObject({ entry, reason });
  });

  it('names a problem row by its key when it has one, and clips a long SIP address in its label', () => {
    expect(row({ Enabled: 'Yes' }).problem?.externalId).toBe('8f1c2d3e-4a5b-4c6d-8e7f-0123456789ab');
    expect(row({ SipAddress: '' }).problem?.externalId).toBeUndefined();
    const long = `sip:${'a'.repeat(200)}@litwareinc.com`;
    expect(row({ SipAddress: long, Enabled: 'Yes' }).problem?.entry).toBe(`line 12 (${long.slice(0, 77)}…)`);
  });

  it('takes a row shorter than the header as having empty cells', () => {
    const result = mapRow({ line: 5, fields: ['CN=Ken,DC=litwareinc,DC=com', 'Ken'] }, map);
    expect(result.problem).toMatchObject({ entry: 'line 5', reason: 'it has no SIP address (its SipAddress is empty)' });
  });
});
