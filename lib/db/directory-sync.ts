/**
 * The directory sync's reads and writes of users (lib/directory/sync-service.ts decides what
 * to write; lib/directory/sync-plan.ts how). Every write takes the caller's transaction, so a
 * batch of users, its audit rows and the run's counters commit together: a sync stopped
 * half-way leaves each user as before or as after.
 */
import { randomUUID } from 'node:crypto';
import type { DirectoryEntry } from '../directory/entry';
import { placementOf, type OrgUnitRow } from '../directory/placement';
import type { KeyHolder, StoredUser } from '../directory/sync-plan';
import { directoryUserKeys, lineUriExtension } from '../users/user-keys';
import { userColumns, type UserRow } from './directory-user-columns';
import type { SqlClient } from './executor';
import { parseJsonStringArray } from './json-columns';
import { insertInto, join, sql } from './sql';

type Int = number | bigint | string;
type Bool = boolean | number | bigint;

type StoredRow = {
  id: string;
  external_id: string;
  removed_at: Int | null;
  display_name: string;
  first_name: string;
  last_name: string;
  sam_account_name: string;
  domain: string;
  upn: string;
  sip_address: string;
  line_uri: string;
  other_phones: string;
  distinguished_name: string;
  title: string;
  department: string;
  office: string;
  city: string;
  enabled: Bool;
  site_name: string | null;
};

const truthy = (value: Bool) => value === true || Number(value) === 1;

function toStoredUser(row: StoredRow): StoredUser {
  return {
    id: row.id,
    externalId: row.external_id,
    removedAt: row.removed_at === null ? null : Number(row.removed_at),
    displayName: row.display_name,
    firstName: row.first_name,
    lastName: row.last_name,
    samAccountName: row.sam_account_name,
    domain: row.domain,
    upn: row.upn,
    sipAddress: row.sip_address,
    lineUri: row.line_uri,
    otherPhones: parseJsonStringArray(row.other_phones),
    distinguishedName: row.distinguished_name,
    title: row.title,
    department: row.department,
    office: row.office,
    city: row.city,
    site: row.site_name,
    enabled: truthy(row.enabled),
  };
}

/** The source's stored users with these keys (removed ones included). */
export async function storedUsersByKey(client: SqlClient, sourceId: string, externalIds: string[]): Promise<StoredUser[]> {
  if (externalIds.length === 0) return [];
  const rows = await client.query<StoredRow>(sql`
    SELECT u.id, u.external_id, u.removed_at, u.display_name, u.first_name, u.last_name, u.sam_account_name, u.domain, u.upn,
      u.sip_address, u.line_uri, u.other_phones, u.distinguished_name, u.title, u.department, u.office, u.city, u.enabled,
      s.name AS site_name
    FROM directory_user u LEFT JOIN site s ON s.id = u.site_id
    WHERE u.source_id = ${sourceId} AND u.external_id IN (${join(externalIds)})`);
  return rows.map(toStoredUser);
}

/**
 * Stored users, of any source, holding one of the entries' unique names: the SIP address
 * (stored in lower case), the UPN and account name (by their lower-case keys) or the DN.
 */
export async function keyHolders(client: SqlClient, entries: DirectoryEntry[]): Promise<KeyHolder[]> {
  if (entries.length === 0) return [];
  const lower = (pick: (e: DirectoryEntry) => string) => join(entries.map((e) => pick(e).toLowerCase()));
  const rows = await client.query<{
    id: string;
    display_name: string;
    sip_address: string;
    upn: string;
    distinguished_name: string;
    domain: string;
    sam_account_name: string;
  }>(sql`
    SELECT id, display_name, sip_address, upn, distinguished_name, domain, sam_account_name FROM directory_user
    WHERE sip_address IN (${lower((e) => e.sipAddress)}) OR upn_key IN (${lower((e) => e.upn)})
      OR sam_account_name_key IN (${lower((e) => e.samAccountName)}) OR distinguished_name IN (${join(entries.map((e) => e.distinguishedName))})`);
  return rows.map((row) => ({
    id: row.id,
    displayName: row.display_name,
    sipAddress: row.sip_address,
    upn: row.upn,
    distinguishedName: row.distinguished_name,
    domain: row.domain,
    samAccountName: row.sam_account_name,
  }));
}

/** The ids of these sites by name, creating the ones that do not exist yet. */
export async function ensureSites(tx: SqlClient, names: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(names)];
  if (unique.length === 0) return new Map();
  const rows = unique.map((name) => ({ id: randomUUID(), name, createdAt: new Date() }));
  await tx.execute(sql`${insertInto('site', { id: 'id', name: 'name', createdAt: 'created_at' }, rows)} ON CONFLICT DO NOTHING`);
  const found = await tx.query<{ id: string; name: string }>(sql`SELECT id, name FROM site WHERE name IN (${join(unique)})`);
  return new Map(found.map((row) => [row.name, row.id]));
}

/** Adds the organisational units the users sit in (the Users page's OU tree), keeping existing ones. */
export async function ensureOrgUnits(tx: SqlClient, units: OrgUnitRow[]): Promise<void> {
  const byDn = new Map(units.map((unit) => [unit.dn, unit]));
  if (byDn.size === 0) return;
  const rows = [...byDn.values()].map((unit) => ({ id: randomUUID(), ...unit }));
  await tx.execute(sql`${insertInto('org_unit', { id: 'id', dn: 'dn', name: 'name', path: 'path' }, rows)} ON CONFLICT DO NOTHING`);
}

/** The directory columns of a user as the entry gives them, with their search keys. */
function directoryColumns(entry: DirectoryEntry, siteId: string | null) {
  const { ouDn, ouPath } = placementOf(entry.distinguishedName);
  const directory = {
    displayName: entry.displayName,
    firstName: entry.firstName,
    lastName: entry.lastName,
    samAccountName: entry.samAccountName,
    domain: entry.domain,
    upn: entry.upn,
    ouPath,
    lineUri: entry.lineUri,
    title: entry.title,
    department: entry.department,
    office: entry.office,
    city: entry.city,
  };
  const keys = directoryUserKeys(directory);
  return {
    ...directory,
    ...keys,
    extension: lineUriExtension(entry.lineUri),
    sipAddress: entry.sipAddress.toLowerCase(),
    otherPhones: JSON.stringify(entry.otherPhones),
    distinguishedName: entry.distinguishedName,
    ouDn,
    siteId,
    enabled: entry.enabled,
  };
}

/** Inserts new users of the source (no PIN, no roles); returns their ids in entry order. */
export async function insertUsers(
  tx: SqlClient,
  sourceId: string,
  entries: { entry: DirectoryEntry; siteId: string | null }[],
  now: number,
): Promise<string[]> {
  if (entries.length === 0) return [];
  const rows: UserRow[] = entries.map(({ entry, siteId }) => ({
    id: randomUUID(),
    ...directoryColumns(entry, siteId),
    pinPolicyId: null,
    passwordHash: null,
    sourceId,
    externalId: entry.externalId,
    removedAt: null,
    createdAt: new Date(now),
  }));
  await tx.execute(insertInto('directory_user', userColumns, rows));
  return rows.map((row) => row.id);
}

/** Writes the entry's directory fields over a stored user (a restored user is in scope again); its PIN, lock, policy and roles stay. */
export async function updateUser(tx: SqlClient, userId: string, entry: DirectoryEntry, siteId: string | null): Promise<void> {
  const c = directoryColumns(entry, siteId);
  await tx.execute(
    sql`UPDATE directory_user SET
      display_name = ${c.displayName}, display_name_key = ${c.displayNameKey}, first_name = ${c.firstName}, first_name_key = ${c.firstNameKey},
      last_name = ${c.lastName}, last_name_key = ${c.lastNameKey}, sam_account_name = ${c.samAccountName}, sam_account_name_key = ${c.samAccountNameKey},
      domain = ${c.domain}, domain_key = ${c.domainKey}, upn = ${c.upn}, upn_key = ${c.upnKey}, sip_address = ${c.sipAddress},
      line_uri = ${c.lineUri}, line_uri_key = ${c.lineUriKey}, line_digits = ${c.lineDigits}, line_digits_reversed = ${c.lineDigitsReversed},
      extension = ${c.extension}, other_phones = ${c.otherPhones}, distinguished_name = ${c.distinguishedName}, ou_dn = ${c.ouDn},
      ou_path = ${c.ouPath}, ou_path_key = ${c.ouPathKey}, site_id = ${c.siteId}, title = ${c.title}, title_key = ${c.titleKey},
      department = ${c.department}, department_key = ${c.departmentKey}, office = ${c.office}, office_key = ${c.officeKey},
      city = ${c.city}, city_key = ${c.cityKey}, enabled = ${c.enabled}, removed_at = NULL
    WHERE id = ${userId}`,
    { prepared: true },
  );
}

/** A stored user as the removal and deprovisioning steps name it. */
export type SourceUser = { id: string; externalId: string; displayName: string; sipAddress: string };

/**
 * The source's users still in scope, a page at a time in key order (`after` = the last key
 * of the previous page): a full sync compares them with the keys it read.
 */
export async function usersInScope(client: SqlClient, sourceId: string, after: string, limit: number): Promise<SourceUser[]> {
  const rows = await client.query<{ id: string; external_id: string; display_name: string; sip_address: string }>(
    sql`SELECT id, external_id, display_name, sip_address FROM directory_user
      WHERE source_id = ${sourceId} AND removed_at IS NULL AND external_id > ${after}
      ORDER BY external_id LIMIT ${limit}`,
    { prepared: true },
  );
  return rows.map((row) => ({ id: row.id, externalId: row.external_id, displayName: row.display_name, sipAddress: row.sip_address }));
}

/** The source's users still in scope with these keys (the ones a changes read says are gone). */
export async function usersInScopeByKey(client: SqlClient, sourceId: string, externalIds: string[]): Promise<SourceUser[]> {
  if (externalIds.length === 0) return [];
  const rows = await client.query<{ id: string; external_id: string; display_name: string; sip_address: string }>(
    sql`SELECT id, external_id, display_name, sip_address FROM directory_user
      WHERE source_id = ${sourceId} AND removed_at IS NULL AND external_id IN (${join(externalIds)})`,
  );
  return rows.map((row) => ({ id: row.id, externalId: row.external_id, displayName: row.display_name, sipAddress: row.sip_address }));
}

/** Marks users as gone from the source: disabled (PIN logon and sign-in refused) and kept, PIN and all, until deprovisioned. */
export async function markRemoved(tx: SqlClient, userIds: string[], now: number): Promise<void> {
  if (userIds.length === 0) return;
  await tx.execute(sql`UPDATE directory_user SET removed_at = ${now}, enabled = ${false} WHERE id IN (${join(userIds)}) AND removed_at IS NULL`);
}

/** Users of the source removed at or before `cutoff`: their grace period is over. */
export async function removedBefore(client: SqlClient, sourceId: string, cutoff: number, limit: number): Promise<SourceUser[]> {
  const rows = await client.query<{ id: string; external_id: string; display_name: string; sip_address: string }>(
    sql`SELECT id, external_id, display_name, sip_address FROM directory_user
      WHERE source_id = ${sourceId} AND removed_at IS NOT NULL AND removed_at <= ${cutoff}
      ORDER BY removed_at, id LIMIT ${limit}`,
    { prepared: true },
  );
  return rows.map((row) => ({ id: row.id, externalId: row.external_id, displayName: row.display_name, sipAddress: row.sip_address }));
}

/**
 * Deprovisions users: the row goes, and with it (ON DELETE CASCADE) the PIN hash, history,
 * lock state, roles, saved searches and API tokens. Only users still removed since `cutoff`
 * (one that came back meanwhile stays); returns how many went.
 */
export async function deleteRemovedUsers(tx: SqlClient, userIds: string[], cutoff: number): Promise<number> {
  if (userIds.length === 0) return 0;
  return tx.execute(sql`DELETE FROM directory_user WHERE id IN (${join(userIds)}) AND removed_at IS NOT NULL AND removed_at <= ${cutoff}`);
}

/** How many users of the source were removed at or before `cutoff` (a WhatIf's "would be deprovisioned"). */
export async function countRemovedBefore(client: SqlClient, sourceId: string, cutoff: number): Promise<number> {
  const rows = await client.query<{ n: Int }>(
    sql`SELECT COUNT(*) AS n FROM directory_user WHERE source_id = ${sourceId} AND removed_at IS NOT NULL AND removed_at <= ${cutoff}`,
  );
  return Number(rows[0]?.n ?? 0);
}
