/**
 * One Active Directory search entry → a DirectoryEntry, or the reason it cannot be taken.
 * Attribute names are matched case-insensitively: a server may answer `objectguid` for the
 * `objectGUID` that was asked for. Pure.
 */
import type { Entry } from 'ldapts';
import { entryProblem, guidFromBytes, type DirectoryEntry } from '../entry';
import { siteOf } from '../placement';
import type { EntryProblem } from '../reader';
import type { LdapSourceSettings } from './settings';

type MappingSettings = Pick<LdapSourceSettings, 'attributes' | 'netbiosDomain' | 'siteAttribute' | 'siteRules'>;

/** userAccountControl's ACCOUNTDISABLE bit. */
const ACCOUNTDISABLE = 2;

/** Maps `entry`; an entry that fails entryProblem() comes back as a problem with its DN (and key when readable). */
export function mapLdapEntry(entry: Entry, settings: MappingSettings): { entry: DirectoryEntry } | { problem: EntryProblem } {
  const values = lowerCaseKeys(entry);
  const texts = (name: string): string[] => toArray(values.get(name.toLowerCase())).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : v).trim());
  const first = (name: string): string => texts(name).find(Boolean) ?? '';
  const a = settings.attributes;

  const distinguishedName = first(a.distinguishedName) || String(entry.dn ?? '').trim();
  const externalId = guidOf(values.get(a.objectGuid.toLowerCase()));
  const userAccountControl = Number.parseInt(first(a.userAccountControl), 10);
  const accountDisabled = Number.isFinite(userAccountControl) && (userAccountControl & ACCOUNTDISABLE) !== 0;
  const sipEnabled = first(a.sipEnabled).toUpperCase() === 'TRUE';
  const ownSite = settings.siteAttribute ? first(settings.siteAttribute) || null : null;

  const mapped: DirectoryEntry = {
    externalId: externalId ?? '',
    displayName: first(a.displayName),
    firstName: first(a.firstName),
    lastName: first(a.lastName),
    samAccountName: first(a.samAccountName),
    // Lower case, as the demo directory stores it (`litwareinc\kenmyer`).
    domain: settings.netbiosDomain.toLowerCase(),
    upn: first(a.upn),
    sipAddress: sipAddressOf(first(a.sipAddress)),
    lineUri: first(a.lineUri),
    otherPhones: unique([a.telephoneNumber, a.ipPhone, a.mobile, a.otherTelephone].flatMap(texts).filter(Boolean)),
    distinguishedName,
    title: first(a.title),
    department: first(a.department),
    office: first(a.office),
    city: first(a.city),
    site: siteOf({ site: ownSite, distinguishedName }, settings.siteRules),
    enabled: !accountDisabled && sipEnabled,
  };
  const reason = entryProblem(mapped);
  if (reason) return { problem: { entry: distinguishedName || '(an entry without a DN)', reason, ...(externalId ? { externalId } : {}) } };
  return { entry: mapped };
}

/** The entry's objectGUID in text form, or null when it is missing or not 16 bytes. */
export function guidOf(value: Entry[string] | undefined): string | null {
  const bytes = Array.isArray(value) ? value[0] : value;
  return Buffer.isBuffer(bytes) && bytes.length === 16 ? guidFromBytes(bytes) : null;
}

/** `SIP:Ken.Myer@Litwareinc.com` or a bare address → `sip:ken.myer@litwareinc.com`; '' stays ''. */
function sipAddressOf(value: string): string {
  const address = value.trim().toLowerCase();
  if (!address) return '';
  return address.startsWith('sip:') ? address : `sip:${address}`;
}

function lowerCaseKeys(entry: Entry): Map<string, Entry[string]> {
  const map = new Map<string, Entry[string]>();
  for (const [key, value] of Object.entries(entry)) map.set(key.toLowerCase(), value);
  return map;
}

function toArray(value: Entry[string] | undefined): (string | Buffer)[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
