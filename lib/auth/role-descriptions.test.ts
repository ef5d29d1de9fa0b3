import { describe, expect, it } from 'vitest';
import { roles } from './permissions';
import { describeRoles } from './role-descriptions';

describe('describeRoles', () => {
  it('names the role and what it may do', () => {
    expect(describeRoles(['CsUserAdministrator'])).toEqual([
      'Your role, CsUserAdministrator, can search users, view PIN status, set, lock and unlock PINs, and assign existing PIN policies.',
    ]);
    expect(describeRoles(['CsHelpDesk'])[0]).toMatch(/^Your role, CsHelpDesk, can .*lock and unlock PINs/);
  });

  it('describes every role, never as having no administrative role', () => {
    for (const role of roles) {
      const [sentence] = describeRoles([role]);
      expect(sentence).toContain(role);
      expect(sentence).not.toMatch(/no administrative role/);
    }
  });

  it('lists several roles, and nothing for none or unknown ones', () => {
    expect(describeRoles(['CsHelpDesk', 'CsViewOnlyAdministrator'])).toEqual([
      'Your roles are CsHelpDesk and CsViewOnlyAdministrator.',
      'CsHelpDesk can search users, view PIN status, and lock and unlock PINs.',
      'CsViewOnlyAdministrator can search users and view PIN status and PIN policies (read-only).',
    ]);
    expect(describeRoles([])).toEqual([]);
    expect(describeRoles(['Superuser'])).toEqual([]);
  });
});
