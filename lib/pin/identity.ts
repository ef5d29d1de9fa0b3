/**
 * Parsing of the identities that commands and callers give (DOMAIN.md §1, §5), into queries
 * the store can answer on an index.
 */
import { PinError } from './errors';
import { phoneDigits } from './pin-rules';
import { inputLimits } from '../validation/input-limits';
import { hasUnusableCharacter } from '../validation/text';

/** How an administrator names a user (UserIdParameter). */
export type IdentityQuery =
  | { kind: 'sip'; sipAddress: string }
  | { kind: 'sip-or-upn'; value: string }
  | { kind: 'account'; domain: string; samAccountName: string }
  | { kind: 'dn'; distinguishedName: string }
  | { kind: 'display-name'; pattern: string }
  | { kind: 'id'; id: string };

const MAX_IDENTITY_LENGTH = inputLimits.identity;

/**
 * SIP address (with or without "sip:"), UPN, domain\logon, distinguished name, or display
 * name, where only display names take the * wildcard ("* Smith").
 */
export function parseIdentity(raw: string): IdentityQuery {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') throw new PinError('IDENTITY_INVALID', 'Give an identity: a SIP address, UPN, domain\\account, display name or distinguished name.');
  if (text.length > MAX_IDENTITY_LENGTH) throw new PinError('IDENTITY_INVALID', `An identity can be at most ${MAX_IDENTITY_LENGTH} characters long.`);
  // PostgreSQL cannot compare a NUL; no identity holds a control character.
  if (hasUnusableCharacter(text))
    throw new PinError('IDENTITY_INVALID', 'An identity cannot contain control characters (such as NUL or a line break) or broken Unicode characters.');
  if (/^sip:/i.test(text)) return { kind: 'sip', sipAddress: `sip:${text.slice(4).toLowerCase()}` };
  if (/^cn=/i.test(text)) return { kind: 'dn', distinguishedName: text };
  const account = /^([^\\@\s]+)\\([^\\@\s]+)$/.exec(text);
  if (account) return { kind: 'account', domain: account[1].toLowerCase(), samAccountName: account[2].toLowerCase() };
  if (/^[^\s@*]+@[^\s@*]+$/.test(text)) return { kind: 'sip-or-upn', value: text.toLowerCase() };
  return { kind: 'display-name', pattern: text };
}

/** How a caller on a bridge is identified: extension, phone number / line URI, SIP or UPN. */
export type CallerQuery =
  { kind: 'extension'; extension: string } | { kind: 'phone'; digits: string[]; extension: string | null } | { kind: 'sip-or-upn'; value: string };

const MAX_CALLER_LENGTH = 256;

/**
 * Parses what a bridge sends as the caller's identity. Phone numbers in any common format
 * compare by their digits (E.164); a 10-digit national number also tries the +1 country
 * code. Returns null when it cannot be any identity (the caller is then just rejected).
 */
export function parseCallerIdentity(raw: string): CallerQuery | null {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '' || text.length > MAX_CALLER_LENGTH || hasUnusableCharacter(text)) return null;
  if (/^sip:/i.test(text)) return { kind: 'sip-or-upn', value: text.slice(4).toLowerCase() };
  if (text.includes('@')) return { kind: 'sip-or-upn', value: text.toLowerCase() };
  if (/^tel:/i.test(text)) {
    const ext = /;ext=(\d+)/i.exec(text)?.[1] ?? null;
    const digits = phoneDigits(text);
    if (digits === '') return ext ? { kind: 'extension', extension: ext } : null;
    return { kind: 'phone', digits: [digits], extension: ext };
  }
  if (!/^[+\d\s().\-/]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  if (digits === '') return null;
  // Short numbers without a + are extensions; anything longer is a phone number.
  if (!text.startsWith('+') && digits.length <= 6) return { kind: 'extension', extension: digits };
  const candidates = [digits];
  if (!text.startsWith('+') && digits.length === 10) candidates.push(`1${digits}`);
  return { kind: 'phone', digits: candidates, extension: null };
}
