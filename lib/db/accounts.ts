/**
 * The directory user as an account: who may sign in, and what a session needs of them on
 * every request (roles are read each time, so a revoked role takes effect at once).
 */
import type { Db } from './client';

/**
 * Which users a sign-in name (already trimmed and lower-cased) names: a UPN
 * (`kenmyer@litwareinc.com`), a SIP address with or without `sip:`, or `domain\logon`
 * (`litwareinc\kenmyer`) — the forms administrators know from the directory.
 */
function accountWhere(name: string) {
  const account = /^([^\\\s]+)\\([^\\\s]+)$/.exec(name);
  // The key columns (lib/users/user-keys.ts) hold the lower-cased directory values, so a
  // NetBIOS domain `LITWAREINC` or a mixed-case UPN matches what was typed.
  if (account) return { domainKey: account[1], samAccountNameKey: account[2] };
  if (name.startsWith('sip:')) return { sipAddress: name };
  return { OR: [{ upnKey: name }, { sipAddress: `sip:${name}` }] };
}

/** The one account a name names; none when it names nobody or (UPN of one, SIP of another) several. */
async function findOne<S extends { id: true }>(db: Db, name: string, select: S) {
  const found = await db.directoryUser.findMany({ where: accountWhere(name), select, take: 2 });
  return found.length === 1 ? found[0] : null;
}

/** The account a sign-in name names (accountWhere), with its password hash, or null. */
export function findAccountBySignInName(db: Db, name: string) {
  return findOne(db, name, {
    id: true,
    displayName: true,
    upn: true,
    enabled: true,
    passwordHash: true,
    distinguishedName: true,
    source: { select: { id: true, kind: true } },
  });
}

/** The account whose UPN is `upn` (an identity provider's claim), or null. */
export function findAccountByUpn(db: Db, upn: string) {
  return db.directoryUser.findFirst({ where: { upnKey: upn.trim().toLowerCase() }, select: { id: true, displayName: true, upn: true, enabled: true } });
}

/** Only who the sign-in name names, for auditing an attempt whose password is not checked. */
export function findAccountNameBySignInName(db: Db, name: string) {
  return findOne(db, name, { id: true, displayName: true });
}

/** A session's user with their current roles, or null when the account is gone. */
export async function findSessionAccount(db: Db, id: string) {
  const user = await db.directoryUser.findUnique({
    where: { id },
    select: { id: true, displayName: true, upn: true, sipAddress: true, enabled: true, roles: { select: { role: true } } },
  });
  // A role held through several origins (a group and a direct grant) is one role.
  return user && { ...user, roles: [...new Set(user.roles.map((r) => r.role))] };
}
