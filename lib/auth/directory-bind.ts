/**
 * Directory password sign-in: the user's password is checked by binding as the user to their
 * LDAP / Active Directory source over TLS (the Dial-in page's Windows sign-in, re-created).
 * PinDesk never stores or sees the password beyond the bind. A good bind also reads the user's
 * groups, so the roles they give are current at every sign-in.
 */
import type { DbHandle } from '../db/client';
import { ldapSourceOf } from '../directory/directory-service';
import { LdapSourceError, openLdap } from '../directory/ldap/connection';
import { rolesOfUser } from '../directory/ldap/group-roles';
import { DirectorySourceError } from '../directory/source-error';
import type { DerivedRole, RoleMapping } from './role-mapping';

export type DirectoryBindOutcome =
  /** roles: null when the groups could not be read (the roles from the last sync stand). */
  { ok: true; roles: DerivedRole[] | null } | { ok: false; reason: 'wrong-password' | 'directory-unavailable' };

export type DirectoryBind = (user: { sourceId: string; distinguishedName: string }, password: string) => Promise<DirectoryBindOutcome>;

export function createDirectoryBind(handle: DbHandle, roleMapping: () => RoleMapping): DirectoryBind {
  return async (user, password) => {
    let settings;
    try {
      ({ settings } = await ldapSourceOf(handle, user.sourceId));
    } catch (error) {
      if (error instanceof DirectorySourceError) return { ok: false, reason: 'directory-unavailable' };
      throw error;
    }
    let client;
    try {
      client = await openLdap({ ...settings, bindDn: user.distinguishedName }, password);
    } catch (error) {
      if (error instanceof LdapSourceError && error.code === 'BIND_FAILED') return { ok: false, reason: 'wrong-password' };
      // Logged by code only: the message names the user's DN, which is no secret, but keep the log lean.
      console.warn(`[sign-in] directory bind failed: ${error instanceof LdapSourceError ? error.code : 'unexpected error'}`);
      return { ok: false, reason: 'directory-unavailable' };
    }
    try {
      return { ok: true, roles: await rolesOfUser(client, settings, roleMapping(), user.distinguishedName) };
    } catch (error) {
      console.warn(`[sign-in] reading the user's groups failed: ${error instanceof LdapSourceError ? error.code : 'unexpected error'}`);
      return { ok: true, roles: null };
    } finally {
      await client.unbind().catch(() => undefined);
    }
  };
}
