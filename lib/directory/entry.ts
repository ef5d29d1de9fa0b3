/**
 * A directory entry: one user as a source delivers it (an Active Directory entry read over
 * LDAP, a row of a Skype for Business `Get-CsUser | Export-Csv` file, a demo user), already
 * mapped to PinDesk's fields. Every source produces these; the sync compares them with the
 * stored users and writes the difference (lib/directory/sync-plan.ts). Pure.
 */

export type DirectoryEntry = {
  /** The entry's key in its source: an objectGUID in its usual text form, lower case. */
  externalId: string;
  displayName: string;
  firstName: string;
  lastName: string;
  samAccountName: string;
  /** The NetBIOS domain (`litwareinc` in `litwareinc\kenmyer`). */
  domain: string;
  upn: string;
  /** `sip:` + the address, lower case. */
  sipAddress: string;
  /** `tel:+14255550100;ext=100`, or '' when the user has no line. */
  lineUri: string;
  /** Other phone numbers as the directory shows them (telephoneNumber, mobile, …). */
  otherPhones: string[];
  distinguishedName: string;
  title: string;
  department: string;
  office: string;
  city: string;
  /** The user's site (from an attribute or an OU rule), or null for none. */
  site: string | null;
  /** False when the account is disabled or not enabled for Skype for Business. */
  enabled: boolean;
};

/** The fields a sync compares and reports as changed ("which fields" in the audit trail). */
export const entryFields = [
  'displayName',
  'firstName',
  'lastName',
  'samAccountName',
  'domain',
  'upn',
  'sipAddress',
  'lineUri',
  'otherPhones',
  'distinguishedName',
  'title',
  'department',
  'office',
  'city',
  'site',
  'enabled',
] as const satisfies readonly (keyof DirectoryEntry)[];

export type EntryField = (typeof entryFields)[number];

/** Longest value PinDesk stores for a directory attribute; AD's own limits are lower for most. */
export const MAX_ATTRIBUTE_LENGTH = 1024;
/** At most this many other phone numbers are kept per user. */
export const MAX_OTHER_PHONES = 16;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SIP = /^sip:[^\s@:;<>"]+@[^\s@:;<>"]+$/;
/** E.164 with an optional extension, as Skype for Business writes LineURI. */
const LINE_URI = /^tel:\+?\d{3,20}(;ext=\d{1,10})?$/i;
const SAM = /^[^"/\\[\]:;|=,+*?<>\s@][^"/\\[\]:;|=,+*?<>@]{0,63}$/;

/**
 * Why `entry` cannot be taken, or null when it can: a skipped entry keeps its reason for the
 * sync history and the preview ("missing SIP address", "malformed line URI …").
 */
export function entryProblem(entry: DirectoryEntry): string | null {
  if (!GUID.test(entry.externalId)) return `its key (objectGUID) is missing or malformed`;
  if (!entry.sipAddress) return 'it has no SIP address';
  if (!SIP.test(entry.sipAddress)) return `its SIP address "${clip(entry.sipAddress)}" is malformed (expected sip:user@domain)`;
  if (entry.lineUri && !LINE_URI.test(entry.lineUri))
    return `its line URI "${clip(entry.lineUri)}" is malformed (expected tel:+14255550100 or tel:+14255550100;ext=100)`;
  if (!entry.displayName.trim()) return 'it has no display name';
  if (!SAM.test(entry.samAccountName)) return `its account name "${clip(entry.samAccountName)}" is missing or malformed`;
  if (!entry.domain) return 'its domain is unknown';
  if (!entry.upn.includes('@')) return `its user principal name "${clip(entry.upn)}" is missing or malformed`;
  if (!entry.distinguishedName) return 'it has no distinguished name';
  if (entry.otherPhones.length > MAX_OTHER_PHONES) return `it has ${entry.otherPhones.length} other phone numbers (at most ${MAX_OTHER_PHONES})`;
  for (const field of entryFields) {
    const value = entry[field];
    const texts = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
    if (texts.some((t) => t.length > MAX_ATTRIBUTE_LENGTH)) return `its ${field} is longer than ${MAX_ATTRIBUTE_LENGTH} characters`;
  }
  return null;
}

/** A value quoted in a problem, shortened so a hostile entry cannot flood the history. */
function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** objectGUID bytes (little-endian first three groups, as AD stores them) → the usual text form. */
export function guidFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError(`an objectGUID has 16 bytes, not ${bytes.length}`);
  const hex = (from: number, to: number, reverse: boolean) => {
    const part = Array.from(bytes.slice(from, to), (b) => b.toString(16).padStart(2, '0'));
    return (reverse ? part.reverse() : part).join('');
  };
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}`;
}

/** The usual text form → objectGUID bytes as AD stores and compares them (guidFromBytes reversed). */
export function guidToBytes(guid: string): Buffer {
  const hex = guid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new RangeError('an objectGUID is 32 hex digits');
  const bytes = Buffer.from(hex, 'hex');
  return Buffer.concat([bytes.subarray(0, 4).reverse(), bytes.subarray(4, 6).reverse(), bytes.subarray(6, 8).reverse(), bytes.subarray(8)]);
}
