/**
 * What a help-desk agent types in "Search users" when a caller describes themselves, read as
 * the forms the directory can answer from an index: a phone number in any writing
 * (`+1 (425) 555-0100`, `4255550100`, `555-0100`, `tel:+14255550100;ext=100`), an extension
 * (`100`, `ext=100`, `x100`), `domain\logon` and a UPN (`kenmyer@litwareinc.com`). Every text
 * also stays a name prefix (lib/users/filter-tree.ts), so a form found here only adds matches.
 * Pure.
 */
import { reverseDigits } from './user-keys';

export type DomainLogon = { domain: string; logon: string };

export type SearchTextForms = {
  /** The phone number's digits reversed: a prefix of line_digits_reversed is a suffix of the number. */
  phoneDigitsReversed: string | null;
  /** An extension, compared whole. */
  extension: string | null;
  /** `domain\logon`, lower case; `logon` is a prefix of the SAM account name. */
  domainLogon: DomainLogon | null;
  /** A prefix of the UPN, lower case (only when the text holds an `@`). */
  upn: string | null;
};

/** Fewer digits than a local number (`555-0100`) would match too many lines by their end. */
export const MIN_PHONE_DIGITS = 7;
/** E.164 allows 15 digits. */
export const MAX_PHONE_DIGITS = 15;
/** Extensions in Lync/Skype for Business line URIs are short; longer digit runs are phone numbers. */
export const MAX_EXTENSION_DIGITS = 7;

const PHONE = /^\+?[\d\s().\-/]+$/;
const EXTENSION = /^(?:ext\.?\s*=?\s*|x\s*)?(\d{1,7})$/;
const DOMAIN_LOGON = /^([^\\\s@]+)\\([^\\\s]+)$/;
const TEL_EXT = /;ext=(\d{1,7})$/;

const noForms: SearchTextForms = { phoneDigitsReversed: null, extension: null, domainLogon: null, upn: null };

/** The forms of the search text (already trimmed or not; compared in lower case). */
export function classifySearchText(input: string): SearchTextForms {
  const text = input.trim().toLowerCase();
  if (!text) return noForms;
  const forms: SearchTextForms = { ...noForms };

  let number = text;
  if (number.startsWith('tel:')) {
    number = number.slice(4);
    const ext = TEL_EXT.exec(number);
    if (ext) {
      forms.extension = ext[1];
      number = number.slice(0, ext.index);
    }
  }
  if (PHONE.test(number)) {
    const digits = number.replace(/\D/g, '');
    if (digits.length >= MIN_PHONE_DIGITS && digits.length <= MAX_PHONE_DIGITS) forms.phoneDigitsReversed = reverseDigits(digits);
  }

  const extension = EXTENSION.exec(text);
  if (extension && extension[1].length <= MAX_EXTENSION_DIGITS) forms.extension = extension[1];

  const logon = DOMAIN_LOGON.exec(text);
  if (logon) forms.domainLogon = { domain: logon[1], logon: logon[2] };

  if (text.includes('@') && !/\s/.test(text)) forms.upn = text;
  return forms;
}
