import { describe, expect, it } from 'vitest';
import { permissionsOfRole, roles } from './permissions';
import { describeRoles, permissionPhrases } from './role-descriptions';

describe('describeRoles', () => {
  it('names the role and what it may do, from its permissions', () => {
    expect(describeRoles(['CsUserAdministrator'])).toEqual([
      'Your role, CsUserAdministrator, can search users and view PIN status; set PINs; lock and unlock PINs; read PIN policies; ' +
        'assign existing PIN policies to users; use the Dial-in test keypad; and keep personal API tokens.',
    ]);
    // CsHelpDesk also reads policies and uses the test keypad; the old hand-written sentence left those out.
    expect(describeRoles(['CsHelpDesk'])[0]).toBe(
      'Your role, CsHelpDesk, can search users and view PIN status; lock and unlock PINs; read PIN policies; use the Dial-in test keypad; and keep personal API tokens.',
    );
  });

  it.each(roles)('describes every permission of %s, and nothing it lacks', (role) => {
    const [sentence] = describeRoles([role]);
    expect(sentence).toContain(role);
    expect(sentence).not.toMatch(/no administrative role/);
    const held = permissionsOfRole(role);
    for (const [permission, phrase] of Object.entries(permissionPhrases)) {
      if (held.includes(permission as keyof typeof permissionPhrases)) expect(sentence).toContain(phrase);
      else expect(sentence).not.toContain(phrase);
    }
  });

  it('lists several roles, and nothing for none or unknown ones', () => {
    expect(describeRoles(['CsHelpDesk', 'CsViewOnlyAdministrator'])).toEqual([
      'Your roles are CsHelpDesk and CsViewOnlyAdministrator.',
      'CsHelpDesk can search users and view PIN status; lock and unlock PINs; read PIN policies; use the Dial-in test keypad; and keep personal API tokens.',
      'CsViewOnlyAdministrator can search users and view PIN status; read PIN policies; and keep personal API tokens.',
    ]);
    expect(describeRoles([])).toEqual([]);
    expect(describeRoles(['Superuser'])).toEqual([]);
  });
});
