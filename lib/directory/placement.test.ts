import { describe, expect, it } from 'vitest';
import { placementOf, siteOf, splitDn } from './placement';

describe('splitDn', () => {
  it('splits at unescaped commas and unescapes values', () => {
    expect(splitDn('CN=Myer\\, Ken,OU=Finance , DC=litwareinc,DC=com').map((r) => [r.type, r.value])).toEqual([
      ['cn', 'Myer, Ken'],
      ['ou', 'Finance'],
      ['dc', 'litwareinc'],
      ['dc', 'com'],
    ]);
    expect(splitDn('CN=A\\2CB,DC=x')[0].value).toBe('A,B');
  });
});

describe('placementOf', () => {
  it('stores the OU the way the demo seed does, with the OUs above it top first', () => {
    expect(placementOf('CN=Ken Myer,OU=Payroll,OU=Finance,DC=litwareinc,DC=com')).toEqual({
      ouDn: 'OU=Payroll,OU=Finance,DC=litwareinc,DC=com',
      ouPath: 'litwareinc.com/Finance/Payroll/',
      orgUnits: [
        { dn: 'OU=Finance,DC=litwareinc,DC=com', name: 'Finance', path: 'litwareinc.com/Finance/' },
        { dn: 'OU=Payroll,OU=Finance,DC=litwareinc,DC=com', name: 'Payroll', path: 'litwareinc.com/Finance/Payroll/' },
      ],
    });
  });

  it('counts the default CN=Users container as an OU', () => {
    expect(placementOf('CN=Pilar Ackerman,CN=Users,DC=litwareinc,DC=com').ouPath).toBe('litwareinc.com/Users/');
  });
});

describe('siteOf', () => {
  const rules = [
    { ou: 'OU=Tokyo,OU=Offices,DC=litwareinc,DC=com', site: 'Tokyo' },
    { ou: 'ou=offices, dc=litwareinc, dc=com', site: 'Redmond' },
  ];
  it("takes the entry's own site first", () => {
    expect(siteOf({ site: 'Paris', distinguishedName: 'CN=a,OU=Tokyo,OU=Offices,DC=litwareinc,DC=com' }, rules)).toBe('Paris');
  });
  it('else the first rule that covers the OU, compared without case or spaces', () => {
    expect(siteOf({ site: null, distinguishedName: 'CN=a,OU=Sales,OU=Tokyo,OU=Offices,DC=litwareinc,DC=com' }, rules)).toBe('Tokyo');
    expect(siteOf({ site: ' ', distinguishedName: 'CN=a,OU=Offices,DC=litwareinc,DC=com' }, rules)).toBe('Redmond');
  });
  it('else none, and an OU whose name merely ends like a rule does not match', () => {
    expect(siteOf({ site: null, distinguishedName: 'CN=a,OU=Finance,DC=litwareinc,DC=com' }, rules)).toBeNull();
    expect(siteOf({ site: null, distinguishedName: 'CN=a,OU=NotTokyo,OU=Offices,DC=litwareinc,DC=com' }, [rules[0]])).toBeNull();
  });
});
