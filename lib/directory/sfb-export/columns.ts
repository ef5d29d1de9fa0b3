/**
 * The header of a `Get-CsUser | Export-Csv` file → where each property PinDesk takes is.
 * Names match Get-CsUser's (and Get-CsAdUser's directory) properties, in any case; other
 * columns (VoicePolicy, RegistrarPool, …) are listed as ignored so the preview can say so.
 */
import { SfbExportError } from './errors';

/** The properties read from an export, by the name Get-CsUser gives them. */
export const knownColumns = [
  'Identity',
  'DisplayName',
  'SipAddress',
  'LineURI',
  'SamAccountName',
  'UserPrincipalName',
  'DistinguishedName',
  'Enabled',
  'Guid',
  'FirstName',
  'LastName',
  'Title',
  'Department',
  'Office',
  'City',
  'Phone',
  'MobilePhone',
  'HomePhone',
  'OtherTelephone',
  'IPPhone',
  'WindowsEmailAddress',
] as const;

export type KnownColumn = (typeof knownColumns)[number];

/** Column index of each known property the file has. */
export type ColumnMap = Partial<Record<KnownColumn, number>>;

export type ResolvedColumns = { map: ColumnMap; used: string[]; ignored: string[] };

const byLowerName = new Map<string, KnownColumn>(knownColumns.map((name) => [name.toLowerCase(), name]));
const MAX_LISTED_NAME = 80;
/** Get-CsUser has about 60 properties; a header with far more is not worth listing whole. */
const MAX_IGNORED_LISTED = 100;

/** Throws SfbExportError naming the required columns the header lacks. */
export function resolveColumns(header: readonly string[]): ResolvedColumns {
  const map: ColumnMap = {};
  const used: string[] = [];
  const ignored: string[] = [];
  header.forEach((raw, index) => {
    const name = raw.trim();
    const known = byLowerName.get(name.toLowerCase());
    // A repeated column is ignored: the first one is what PowerShell wrote.
    if (known && map[known] === undefined) {
      map[known] = index;
      used.push(known);
    } else if (name) ignored.push(name.slice(0, MAX_LISTED_NAME));
  });
  if (ignored.length > MAX_IGNORED_LISTED) ignored.splice(MAX_IGNORED_LISTED, Infinity, `… and ${ignored.length - MAX_IGNORED_LISTED} more`);
  const missing: string[] = [];
  if (map.SipAddress === undefined) missing.push('SipAddress');
  // Get-CsUser's Identity is the user's distinguished name.
  if (map.DistinguishedName === undefined && map.Identity === undefined) missing.push('DistinguishedName (or Identity)');
  if (missing.length > 0)
    throw new SfbExportError(
      'COLUMNS_MISSING',
      `The file has no ${missing.join(' and no ')} column, so it is not a Skype for Business user export. Create it on the Skype for Business server with Get-CsUser | Export-Csv users.csv (without Select-Object, or selecting at least SipAddress and Identity), and upload that file.`,
    );
  return { map, used, ignored };
}
