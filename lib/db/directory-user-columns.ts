/**
 * The directory_user table's columns for raw multi-row inserts (lib/db/sql.ts insertInto):
 * the demo seed and the directory sync write users this way.
 */
import type { Prisma } from './generated/sqlite/index.js';

/** A directory_user row with every column given (the bulk insert lists them all). */
export type UserRow = Required<Prisma.DirectoryUserCreateManyInput>;

/** Field → column, for the raw bulk inserts; `satisfies` keeps them in step with the model. */
export const userColumns = {
  id: 'id',
  displayName: 'display_name',
  displayNameKey: 'display_name_key',
  firstName: 'first_name',
  firstNameKey: 'first_name_key',
  lastName: 'last_name',
  lastNameKey: 'last_name_key',
  samAccountName: 'sam_account_name',
  samAccountNameKey: 'sam_account_name_key',
  domain: 'domain',
  domainKey: 'domain_key',
  upn: 'upn',
  upnKey: 'upn_key',
  sipAddress: 'sip_address',
  lineUri: 'line_uri',
  lineUriKey: 'line_uri_key',
  lineDigits: 'line_digits',
  lineDigitsReversed: 'line_digits_reversed',
  extension: 'extension',
  otherPhones: 'other_phones',
  distinguishedName: 'distinguished_name',
  ouDn: 'ou_dn',
  ouPath: 'ou_path',
  ouPathKey: 'ou_path_key',
  siteId: 'site_id',
  title: 'title',
  titleKey: 'title_key',
  department: 'department',
  departmentKey: 'department_key',
  office: 'office',
  officeKey: 'office_key',
  city: 'city',
  cityKey: 'city_key',
  enabled: 'enabled',
  pinPolicyId: 'pin_policy_id',
  passwordHash: 'password_hash',
  sourceId: 'source_id',
  externalId: 'external_id',
  removedAt: 'removed_at',
  createdAt: 'created_at',
} as const satisfies Record<keyof UserRow, string>;
