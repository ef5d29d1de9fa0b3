import { describe, expect, it } from 'vitest';
import { lineUriDigits, lineUriExtension, reverseDigits, directoryUserKeys } from './user-keys';

describe('directoryUserKeys', () => {
  it('lower-cases every compared column and keeps the line number digits both ways', () => {
    expect(
      directoryUserKeys({
        displayName: 'Ken Myer',
        firstName: 'Ken',
        lastName: 'Myer',
        samAccountName: 'KenMyer',
        domain: 'LITWAREINC',
        upn: 'KenMyer@Litwareinc.com',
        ouPath: 'litwareinc.com/Finance/Payroll/',
        lineUri: 'tel:+14255550100;ext=100',
        title: 'Accountant',
        department: 'Finance',
        office: 'Building 1',
        city: 'Redmond',
      }),
    ).toEqual({
      displayNameKey: 'ken myer',
      firstNameKey: 'ken',
      lastNameKey: 'myer',
      samAccountNameKey: 'kenmyer',
      domainKey: 'litwareinc',
      upnKey: 'kenmyer@litwareinc.com',
      ouPathKey: 'litwareinc.com/finance/payroll/',
      lineUriKey: 'tel:+14255550100;ext=100',
      lineDigits: '14255550100',
      lineDigitsReversed: '00105555241',
      titleKey: 'accountant',
      departmentKey: 'finance',
      officeKey: 'building 1',
      cityKey: 'redmond',
    });
  });

  it('gives empty keys for missing optional columns', () => {
    const keys = directoryUserKeys({ displayName: 'A', samAccountName: 'a', domain: 'd', upn: 'a@d', ouPath: 'd/' });
    expect([keys.firstNameKey, keys.lineUriKey, keys.lineDigits, keys.lineDigitsReversed, keys.titleKey, keys.cityKey]).toEqual(['', '', '', '', '', '']);
  });

  it.each([
    ['tel:+14255550100;ext=100', '14255550100', '100'],
    ['tel:+14255550100', '14255550100', ''],
    ['', '', ''],
  ])('line URI %j has digits %j and extension %j', (uri, digits, extension) => {
    expect(lineUriDigits(uri)).toBe(digits);
    expect(lineUriExtension(uri)).toBe(extension);
  });

  it('reverses digits', () => expect(reverseDigits('14255550100')).toBe('00105555241'));
});
