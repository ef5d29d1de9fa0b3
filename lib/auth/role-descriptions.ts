/**
 * What each role may do, in words (DOMAIN.md §6), for the 403 page: someone refused a page
 * should learn which role they hold and what it does allow, not that they have "no
 * administrative role" when they do. The sentence is built from the role's permissions, a
 * phrase per permission, so it cannot drift from what the role is really allowed. Pure.
 */
import { isRole, permissionsOfRole, type Permission, type Role } from './permissions';

/** One phrase per permission; the Record type makes a new permission fail to compile until it has one. */
export const permissionPhrases: Record<Permission, string> = {
  'user.read': 'search users and view PIN status',
  'pin.write': 'set PINs',
  'pin.lock': 'lock and unlock PINs',
  'policy.read': 'read PIN policies',
  'policy.write': 'create, change and remove PIN policies',
  'policy.grant': 'assign existing PIN policies to users',
  'access_number.write': 'manage dial-in access numbers',
  'bridge.manage': 'manage bridge API keys',
  'directory.manage': 'connect and sync directory sources',
  'dialin.test': 'use the Dial-in test keypad',
  'audit.read': 'read the audit trail',
  'role.manage': 'assign roles',
  'api_token.own': 'keep personal API tokens',
  'api_token.manage_all': "revoke anyone's API tokens",
};

/** "can search users and view PIN status; set PINs; …; and keep personal API tokens". */
function describeRole(role: Role): string {
  // Semicolons, because several phrases hold a comma or an "and" of their own.
  const phrases = permissionsOfRole(role).map((permission) => permissionPhrases[permission]);
  if (phrases.length === 1) return `can ${phrases[0]}`;
  return `can ${phrases.slice(0, -1).join('; ')}; and ${phrases.at(-1)}`;
}

/** "Your role, CsHelpDesk, can …" — one sentence per role held; none for roles the product does not know. */
export function describeRoles(roleNames: readonly string[]): string[] {
  const held = roleNames.filter(isRole);
  if (held.length === 0) return [];
  if (held.length === 1) return [`Your role, ${held[0]}, ${describeRole(held[0])}.`];
  return [`Your roles are ${held.join(' and ')}.`, ...held.map((role) => `${role} ${describeRole(role)}.`)];
}

/** Why a signed-in user without any administrative role sees the 403 page. */
export const NO_ROLE_SENTENCE = 'Your account has no administrative role. If you need access, ask a CsAdministrator to assign you a role.';
