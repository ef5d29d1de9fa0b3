/** Roles and what they may do (DOMAIN.md §6). Every server action and route checks these itself. */

export const roles = ['CsAdministrator', 'CsUserAdministrator', 'CsHelpDesk', 'CsViewOnlyAdministrator'] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'user.read', // search users, view PIN status
  'pin.write', // set / generate PINs
  'pin.lock', // lock and unlock PINs
  'policy.read',
  'policy.write', // create, change, remove PIN policies
  'policy.grant', // assign existing per-user policies
  'access_number.write',
  'bridge.manage', // bridge API keys
  'directory.manage', // directory sources, sync and import (CsAdministrator only)
  'dialin.test', // the Dial-in test keypad (a real logon attempt: it counts toward lockout)
  'audit.read',
  'role.manage',
  'api_token.own', // create and revoke one's own personal API tokens (every administrative role)
  'api_token.manage_all', // see and revoke everyone's API tokens
] as const;
export type Permission = (typeof permissions)[number];

const rolePermissions: Record<Role, readonly Permission[]> = {
  CsAdministrator: permissions,
  CsUserAdministrator: ['user.read', 'pin.write', 'pin.lock', 'policy.read', 'policy.grant', 'dialin.test', 'api_token.own'],
  CsHelpDesk: ['user.read', 'pin.lock', 'policy.read', 'dialin.test', 'api_token.own'],
  CsViewOnlyAdministrator: ['user.read', 'policy.read', 'api_token.own'],
};

/** What one role may do, in the order of `permissions` (the 403 page describes it from this). */
export function permissionsOfRole(role: Role): readonly Permission[] {
  return permissions.filter((permission) => rolePermissions[role].includes(permission));
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export function permissionsOf(userRoles: readonly string[]): Set<Permission> {
  return new Set(userRoles.filter(isRole).flatMap((role) => rolePermissions[role]));
}

export function can(userRoles: readonly string[], permission: Permission): boolean {
  return permissionsOf(userRoles).has(permission);
}

/** Any administrative role: the admin pages are for these users only. */
export function isAdministrator(userRoles: readonly string[]): boolean {
  return userRoles.some(isRole);
}

/** What an administrator may do from a user's Action menu, on the Users page and the user page alike. */
export function userActionPermissions(granted: ReadonlySet<Permission>): { setPin: boolean; lock: boolean; grant: boolean } {
  return { setPin: granted.has('pin.write'), lock: granted.has('pin.lock'), grant: granted.has('policy.grant') };
}
