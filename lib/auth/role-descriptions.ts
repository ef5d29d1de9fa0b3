/**
 * What each role may do, in words (DOMAIN.md §6), for the 403 page: someone refused a page
 * should learn which role they hold and what it does allow, not that they have "no
 * administrative role" when they do. Pure.
 */
import { isRole, type Role } from './permissions';

const descriptions: Record<Role, string> = {
  CsAdministrator: 'can do everything: users and PINs, PIN policies, dial-in access numbers, bridge API keys, the audit trail and roles',
  CsUserAdministrator: 'can search users, view PIN status, set, lock and unlock PINs, and assign existing PIN policies',
  CsHelpDesk: 'can search users, view PIN status, and lock and unlock PINs',
  CsViewOnlyAdministrator: 'can search users and view PIN status and PIN policies (read-only)',
};

/** "Your role, CsHelpDesk, can …" — one sentence per role held; none for roles the product does not know. */
export function describeRoles(roleNames: readonly string[]): string[] {
  const held = roleNames.filter(isRole);
  if (held.length === 0) return [];
  if (held.length === 1) return [`Your role, ${held[0]}, ${descriptions[held[0]]}.`];
  return [`Your roles are ${held.join(' and ')}.`, ...held.map((role) => `${role} ${descriptions[role]}.`)];
}

/** Why a signed-in user without any administrative role sees the 403 page. */
export const NO_ROLE_SENTENCE = 'Your account has no administrative role. If you need access, ask a CsAdministrator to assign you a role.';
