/**
 * The search keys of a directory user, computed from what the directory holds: every write
 * of a user (the seed, the tests' and the benchmark's fixtures) stores them, and the search
 * (lib/db/user-search-compiler.ts) compares typed text with them on an index. Keys are lower
 * case, so text comparisons are case-insensitive on both engines without lower() on a
 * column. Pure.
 */

export type UserKeySource = {
  displayName: string;
  firstName?: string;
  lastName?: string;
  samAccountName: string;
  domain: string;
  upn: string;
  ouPath: string;
  lineUri?: string;
  title?: string;
  department?: string;
  office?: string;
  city?: string;
};

export type UserKeys = {
  displayNameKey: string;
  firstNameKey: string;
  lastNameKey: string;
  samAccountNameKey: string;
  domainKey: string;
  upnKey: string;
  ouPathKey: string;
  lineUriKey: string;
  lineDigits: string;
  lineDigitsReversed: string;
  titleKey: string;
  departmentKey: string;
  officeKey: string;
  cityKey: string;
};

export const toKey = (text: string | undefined): string => (text ?? '').toLowerCase();

export const reverseDigits = (digits: string): string => [...digits].reverse().join('');

/** The digits of a line URI's number (`tel:+14255550100;ext=100` → `14255550100`), without the extension. */
export function lineUriDigits(lineUri: string): string {
  return lineUri.replace(/;ext=.*$/i, '').replace(/\D/g, '');
}

/** The extension part of a line URI (`;ext=100`), or ''. */
export function lineUriExtension(lineUri: string): string {
  return /;ext=(\d+)/i.exec(lineUri)?.[1] ?? '';
}

export function directoryUserKeys(user: UserKeySource): UserKeys {
  const lineDigits = lineUriDigits(user.lineUri ?? '');
  return {
    displayNameKey: toKey(user.displayName),
    firstNameKey: toKey(user.firstName),
    lastNameKey: toKey(user.lastName),
    samAccountNameKey: toKey(user.samAccountName),
    domainKey: toKey(user.domain),
    upnKey: toKey(user.upn),
    ouPathKey: toKey(user.ouPath),
    lineUriKey: toKey(user.lineUri),
    lineDigits,
    lineDigitsReversed: reverseDigits(lineDigits),
    titleKey: toKey(user.title),
    departmentKey: toKey(user.department),
    officeKey: toKey(user.office),
    cityKey: toKey(user.city),
  };
}
