/**
 * One row of a `Get-CsUser | Export-Csv` file → a DirectoryEntry, or the reason it cannot be
 * taken. Pure: duplicates across rows are found by duplicates.ts.
 */
import { entryProblem, type DirectoryEntry } from '../entry';
import { siteOf, splitDn, type SiteRule } from '../placement';
import type { EntryProblem } from '../reader';
import type { ColumnMap, KnownColumn } from './columns';
import type { ParsedRecord } from './parse';
import { uuidV5 } from './uuid-v5';

export type RowMappingOptions = {
  /** The NetBIOS domain for every row; without it, the first DC= label of each DN. Stored in lower case, as the LDAP reader and the demo seed store it. */
  domain?: string;
  siteRules?: readonly SiteRule[];
};

/** The row's keys (for the duplicate check, whether or not it maps), and its entry or problem. */
export type RowResult = { sipAddress: string; externalId: string } & ({ entry: DirectoryEntry; problem: null } | { entry: null; problem: EntryProblem });

/**
 * Keys of exports without a Guid column: a UUIDv5 of the SIP address under this namespace,
 * so importing the same file again updates the same users.
 */
export const SIP_KEY_NAMESPACE = '2dd8a205-22f3-401c-b659-14220d188c04';

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
const NIL_GUID = '00000000-0000-0000-0000-000000000000';
/** What Export-Csv writes for a multi-valued property: the collection's .NET type name. */
const DOTNET_TYPE_NAME = /^(?:System|Microsoft)\.[A-Za-z_][\w`]*(?:\.[A-Za-z_][\w`]*)*(?:\[[\w.`,\s[\]]*\])?$/;
const PHONE_COLUMNS = ['Phone', 'MobilePhone', 'HomePhone', 'OtherTelephone', 'IPPhone'] as const satisfies readonly KnownColumn[];

/** Maps one record; `entryProblem` decides whether the mapped entry can be taken. */
export function mapRow(record: ParsedRecord, columns: ColumnMap, options: RowMappingOptions = {}): RowResult {
  const cell = (column: KnownColumn) => {
    const index = columns[column];
    return index === undefined ? '' : (record.fields[index] ?? '').trim();
  };
  const sipAddress = normalSip(cell('SipAddress'));
  const label = rowLabel(record.line, sipAddress);
  const fail = (reason: string, externalId = ''): RowResult => ({
    sipAddress,
    externalId,
    entry: null,
    problem: { entry: label, reason, ...(externalId ? { externalId } : {}) },
  });

  if (!sipAddress) return fail('it has no SIP address (its SipAddress is empty)');
  const guidText = cell('Guid');
  const guid = GUID.exec(guidText)?.[1]?.toLowerCase();
  if (guidText && (!guid || guid === NIL_GUID))
    return fail(`its Guid "${clip(guidText)}" is malformed (expected the form 8f1c2d3e-4a5b-4c6d-8e7f-0123456789ab)`);
  const externalId = guid ?? (sipAddress ? uuidV5(sipAddress, SIP_KEY_NAMESPACE) : '');

  const enabledText = cell('Enabled');
  const enabled = columns.Enabled === undefined ? true : /^true$/i.test(enabledText) ? true : /^false$/i.test(enabledText) ? false : null;
  if (enabled === null) return fail(`its Enabled value "${clip(enabledText)}" is neither True nor False`, externalId);

  const identity = cell('Identity');
  const distinguishedName = cell('DistinguishedName') || (/^[a-z][a-z0-9-]*=/i.test(identity) ? identity : '');
  if (!distinguishedName) return fail('it has no distinguished name (neither its DistinguishedName nor its Identity holds one)', externalId);
  const phones = PHONE_COLUMNS.map(cell).filter((value) => value !== '' && !DOTNET_TYPE_NAME.test(value));

  const mapped: DirectoryEntry = {
    externalId,
    displayName: cell('DisplayName'),
    firstName: cell('FirstName'),
    lastName: cell('LastName'),
    samAccountName: cell('SamAccountName'),
    domain: (options.domain ?? domainOf(distinguishedName)).toLowerCase(),
    upn: cell('UserPrincipalName'),
    sipAddress,
    lineUri: cell('LineURI'),
    otherPhones: [...new Set(phones)],
    distinguishedName,
    title: cell('Title'),
    department: cell('Department'),
    office: cell('Office'),
    city: cell('City'),
    site: null,
    enabled,
  };
  const entry = { ...mapped, site: siteOf(mapped, options.siteRules ?? []) };
  const reason = entryProblem(entry);
  return reason ? fail(reason, externalId) : { sipAddress, externalId, entry, problem: null };
}

/** How the preview names a row: `line 12 (sip:kenmyer@litwareinc.com)`. */
export function rowLabel(line: number, sipAddress: string): string {
  return sipAddress ? `line ${line} (${clip(sipAddress)})` : `line ${line}`;
}

/** `KenMyer@Litwareinc.com` or `SIP:…` → `sip:kenmyer@litwareinc.com`; empty stays empty. */
function normalSip(value: string): string {
  if (!value) return '';
  const lower = value.toLowerCase();
  return lower.startsWith('sip:') ? lower : `sip:${lower}`;
}

/** NetBIOS-style domain from a DN: `CN=…,DC=litwareinc,DC=com` → `litwareinc`. */
function domainOf(distinguishedName: string): string {
  const dc = splitDn(distinguishedName).find((rdn) => rdn.type === 'dc');
  return dc ? dc.value : '';
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
