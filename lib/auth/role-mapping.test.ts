import { describe, expect, it } from 'vitest';
import { describeRoleMapping, roleMappingFromEnv, rolesFromGroups } from './role-mapping';

describe('roleMappingFromEnv', () => {
  it('defaults each role to the Skype for Business group of its name', () => {
    const mapping = roleMappingFromEnv({});
    expect(mapping.get('CsAdministrator')).toEqual(['CSAdministrator']);
    expect(mapping.get('CsUserAdministrator')).toEqual(['CSUserAdministrator']);
    expect(mapping.get('CsHelpDesk')).toEqual(['CSHelpDesk']);
    expect(mapping.get('CsViewOnlyAdministrator')).toEqual(['CSViewOnlyAdministrator']);
  });

  it('takes ";"-separated names, DNs (with commas) and ids, and an empty value as no group', () => {
    const mapping = roleMappingFromEnv({
      AUTH_ROLE_GROUPS_CSHELPDESK: ' Help Desk ; CN=Tier 2,OU=Groups,DC=litwareinc,DC=com;0b5f6d0e-1111-2222-3333-444455556666 ',
      AUTH_ROLE_GROUPS_CSADMINISTRATOR: '',
    });
    expect(mapping.get('CsHelpDesk')).toEqual(['Help Desk', 'CN=Tier 2,OU=Groups,DC=litwareinc,DC=com', '0b5f6d0e-1111-2222-3333-444455556666']);
    expect(mapping.get('CsAdministrator')).toEqual([]);
  });

  it('refuses values no directory holds, naming the setting', () => {
    expect(() => roleMappingFromEnv({ AUTH_ROLE_GROUPS_CSHELPDESK: 'a\nb' })).toThrow(/AUTH_ROLE_GROUPS_CSHELPDESK.*control character/);
    expect(() => roleMappingFromEnv({ AUTH_ROLE_GROUPS_CSHELPDESK: 'x'.repeat(513) })).toThrow(/longer than 512/);
    expect(() => roleMappingFromEnv({ AUTH_ROLE_GROUPS_CSHELPDESK: Array.from({ length: 51 }, (_, i) => `g${i}`).join(';') })).toThrow(/at most 50/);
  });
});

describe('rolesFromGroups', () => {
  const mapping = roleMappingFromEnv({ AUTH_ROLE_GROUPS_CSUSERADMINISTRATOR: 'CSUserAdministrator;CN=PinDesk Operators,OU=Groups,DC=litwareinc,DC=com' });

  it('matches names case-insensitively, and a DN by its CN or whole', () => {
    expect(
      rolesFromGroups(mapping, [
        'CN=CSHelpDesk,OU=Groups,DC=litwareinc,DC=com',
        'cn=pindesk operators,ou=groups,dc=litwareinc,dc=com',
        'csuseradministrator',
        'Domain Users',
      ]),
    ).toEqual([
      { role: 'CsUserAdministrator', via: ['cn=pindesk operators,ou=groups,dc=litwareinc,dc=com', 'csuseradministrator'] },
      { role: 'CsHelpDesk', via: ['CN=CSHelpDesk,OU=Groups,DC=litwareinc,DC=com'] },
    ]);
  });

  it('gives nothing for unmapped groups, and reads an escaped comma in a CN', () => {
    expect(rolesFromGroups(mapping, ['Domain Users', 'CN=Other,DC=x'])).toEqual([]);
    const escaped = roleMappingFromEnv({ AUTH_ROLE_GROUPS_CSHELPDESK: 'Help, Desk' });
    expect(rolesFromGroups(escaped, ['CN=Help\\, Desk,OU=G,DC=x'])).toEqual([{ role: 'CsHelpDesk', via: ['CN=Help\\, Desk,OU=G,DC=x'] }]);
  });

  it('describes the mapping with its settings', () => {
    expect(describeRoleMapping(roleMappingFromEnv({}))[0]).toEqual({
      role: 'CsAdministrator',
      groups: ['CSAdministrator'],
      variable: 'AUTH_ROLE_GROUPS_CSADMINISTRATOR',
    });
  });
});
