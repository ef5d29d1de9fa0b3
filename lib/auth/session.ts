import 'server-only';
/**
 * The signed-in user, with roles read from the database on every call: pages, server
 * actions and route handlers each check permissions through here themselves.
 */
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { findSessionAccount } from '../db/accounts';
import { getDb } from '../server/composition-root';
import { auth } from './auth';
import { isAdministrator, permissionsOf, type Permission, type Role } from './permissions';
import { clientAddress, userAgent } from './request-info';

export type SessionUser = {
  id: string;
  displayName: string;
  upn: string;
  sipAddress: string;
  roles: Role[];
  permissions: Set<Permission>;
  isAdministrator: boolean;
};

/** The current user or null; cached per request. A disabled or deleted account is signed out. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await findSessionAccount(getDb().db, id);
  if (!user?.enabled) return null;
  return sessionUserOf(user, user.roles);
});

/** A caller with the permissions of their current roles (session users and API token owners alike). */
export function sessionUserOf(user: Pick<SessionUser, 'id' | 'displayName' | 'upn' | 'sipAddress'>, roleNames: readonly string[]): SessionUser {
  const roles = roleNames as Role[];
  return {
    id: user.id,
    displayName: user.displayName,
    upn: user.upn,
    sipAddress: user.sipAddress,
    roles,
    permissions: permissionsOf(roles),
    isAdministrator: isAdministrator(roles),
  };
}

/** For pages: signed in (else to /sign-in) with this permission (else the 403 page). */
export async function requirePagePermission(permission: Permission | 'admin', returnTo: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  const allowed = permission === 'admin' ? user.isAdministrator : user.permissions.has(permission);
  if (!allowed) forbidden();
  return user;
}

/** Source address and user agent of the current request, for the audit trail. */
export async function requestContext(): Promise<{ sourceAddress: string; userAgent: string }> {
  const h = await headers();
  return { sourceAddress: clientAddress(h), userAgent: userAgent(h) };
}
