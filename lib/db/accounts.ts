/**
 * The directory user as an account: who may sign in, and what a session needs of them on
 * every request (roles are read each time, so a revoked role takes effect at once).
 */
import type { Db } from './client';

/** The account a sign-in email names (its UPN), with its password hash, or null. */
export function findAccountByUpn(db: Db, upn: string) {
  return db.directoryUser.findUnique({
    where: { upn },
    select: { id: true, displayName: true, upn: true, enabled: true, passwordHash: true },
  });
}

/** Only who the sign-in email names, for auditing an attempt whose password is not checked. */
export function findAccountNameByUpn(db: Db, upn: string) {
  return db.directoryUser.findUnique({ where: { upn }, select: { id: true, displayName: true } });
}

/** A session's user with their current roles, or null when the account is gone. */
export async function findSessionAccount(db: Db, id: string) {
  const user = await db.directoryUser.findUnique({
    where: { id },
    select: { id: true, displayName: true, upn: true, sipAddress: true, enabled: true, roles: { select: { role: true } } },
  });
  return user && { ...user, roles: user.roles.map((r) => r.role) };
}
