import { describe, expect, it } from 'vitest';
import { resolveColumns } from './columns';
import { SfbExportError } from './errors';

describe('resolveColumns', () => {
  it('matches Get-CsUser property names in any case and lists the other columns as ignored', () => {
    const { map, used, ignored } = resolveColumns(['sipaddress', ' Identity ', 'VoicePolicy', 'LINEURI', 'RegistrarPool', '']);
    expect(map).toEqual({ SipAddress: 0, Identity: 1, LineURI: 3 });
    expect(used).toEqual(['SipAddress', 'Identity', 'LineURI']);
    expect(ignored).toEqual(['VoicePolicy', 'RegistrarPool']);
  });

  it('takes the first of two columns with the same name', () => {
    const { map, ignored } = resolveColumns(['SipAddress', 'DistinguishedName', 'SIPADDRESS']);
    expect(map.SipAddress).toBe(0);
    expect(ignored).toEqual(['SIPADDRESS']);
  });

  it('lists at most 100 ignored columns by name', () => {
    const { ignored } = resolveColumns(['SipAddress', 'Identity', ...Array.from({ length: 250 }, (_, i) => `Extra${i}`)]);
    expect(ignored).toHaveLength(101);
    expect(ignored.at(-1)).toBe('… and 150 more');
  });

  it.each([
    [['SipAddress', 'Identity'], []],
    [['SipAddress', 'DistinguishedName'], []],
    [['Identity', 'DisplayName'], ['SipAddress']],
    [['SipAddress', 'DisplayName'], ['DistinguishedName (or Identity)']],
    [['DisplayName'], ['SipAddress', 'DistinguishedName (or Identity)']],
  ])('requires SipAddress and a DN: %j lacks %j', (header, missing) => {
    let error: unknown = null;
    try {
      resolveColumns(header);
    } catch (e) {
      error = e;
    }
    if (missing.length === 0) return expect(error).toBeNull();
    expect(error).toBeInstanceOf(SfbExportError);
    expect((error as SfbExportError).code).toBe('COLUMNS_MISSING');
    expect((error as SfbExportError).message).toContain(`The file has no ${missing.join(' and no ')} column`);
    expect((error as SfbExportError).message).toContain('Get-CsUser | Export-Csv');
  });
});
