/**
 * Opens a bound LDAP connection to a directory source, always over TLS (StartTLS for ldap://,
 * LDAPS for ldaps://), and turns what can go wrong into messages an administrator can act on.
 * The bind password is only ever handed to ldapts's bind: no message, log or error carries it.
 */
import { Client, InsufficientAccessError, InvalidCredentialsError, NoSuchObjectError, StrongAuthRequiredError } from 'ldapts';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { DirectorySourceError } from '../source-error';
import { filterProblem, type LdapSourceSettings } from './settings';

export type LdapErrorCode =
  | 'SETTINGS_INVALID'
  | 'BIND_FAILED'
  | 'UNREACHABLE'
  | 'TIMEOUT'
  | 'TLS_UNTRUSTED'
  | 'TLS_NAME_MISMATCH'
  | 'TLS_FAILED'
  | 'FILTER_MALFORMED'
  | 'BASE_DN_NOT_FOUND'
  | 'ACCESS_DENIED'
  | 'ABORTED'
  | 'LDAP_ERROR';

/** A failure of an LDAP source, worded for the Directory page and the sync history (shown as it is). */
export class LdapSourceError extends DirectorySourceError {
  declare readonly code: LdapErrorCode;
  constructor(code: LdapErrorCode, message: string) {
    super(code, message);
    this.name = 'LdapSourceError';
  }
}

type ConnectionSettings = Pick<LdapSourceSettings, 'url' | 'caPem' | 'tlsServerName' | 'bindDn' | 'timeoutMs'>;

/** Longest bind password taken; AD's own limit is 256 characters. */
const MAX_PASSWORD = 1024;

/**
 * A client bound as `settings.bindDn`, its connection encrypted and the server's certificate
 * checked against `caPem` (or the system's CAs) under `tlsServerName` (or the URL's host).
 * Throws LdapSourceError; the caller unbinds the client when done.
 */
export async function openLdap(settings: ConnectionSettings, bindPassword: string, options: { signal?: AbortSignal } = {}): Promise<Client> {
  // An empty password makes an LDAP simple bind anonymous, which "succeeds" and reads nothing.
  if (!bindPassword) throw new LdapSourceError('BIND_FAILED', 'The bind password is empty: enter the password of the bind account.');
  if (bindPassword.length > MAX_PASSWORD) throw new LdapSourceError('BIND_FAILED', `The bind password is longer than ${MAX_PASSWORD} characters.`);
  options.signal?.throwIfAborted();
  const { host } = hostAndPort(settings.url);
  const serverName = settings.tlsServerName ?? (isIP(host) ? undefined : host);
  const tlsOptions: ConnectionOptions = {
    ...(settings.caPem ? { ca: [settings.caPem] } : {}),
    // `host` is what StartTLS checks the certificate against when no server name is given (an IP address in the URL).
    host,
    ...(serverName ? { servername: serverName } : {}),
    rejectUnauthorized: true,
  };
  const ldaps = settings.url.startsWith('ldaps:');
  // ldapts trap: TLS options in the constructor make it open TLS at once, so only for ldaps://.
  const client = new Client({
    url: settings.url,
    timeout: settings.timeoutMs,
    connectTimeout: Math.min(settings.timeoutMs, 15_000),
    ...(ldaps ? { tlsOptions } : {}),
  });
  const opening = (async () => {
    if (!ldaps) await client.startTLS(tlsOptions);
    await client.bind(settings.bindDn, bindPassword);
  })();
  try {
    await withDeadline(opening, settings.timeoutMs, options.signal);
    return client;
  } catch (error) {
    opening.catch(() => undefined);
    await client.unbind().catch(() => undefined);
    throw describeLdapError(error, settings);
  }
}

/**
 * Throws FILTER_MALFORMED when a filter of `settings` does not parse. Each is checked on its own:
 * wrapped in (|…) an unclosed filter can borrow the wrapper's closing parenthesis.
 */
export function checkFilters(settings: Pick<LdapSourceSettings, 'filter' | 'disabledFilter'>): void {
  for (const [label, filter] of [
    ['The filter', settings.filter],
    ['The disabled-users filter', settings.disabledFilter],
  ] as const) {
    const problem = filter ? filterProblem(filter) : null;
    if (problem)
      throw new LdapSourceError(
        'FILTER_MALFORMED',
        `${label} is not a valid LDAP filter (${problem}); write it like (&(objectClass=user)(msRTCSIP-UserEnabled=TRUE)).`,
      );
  }
}

/** Rejects when `ms` pass or `signal` aborts first: a TLS handshake has no timeout of its own in ldapts. */
async function withDeadline<T>(promise: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('Operation timed out'), { code: 'ETIMEDOUT' })), ms);
        onAbort = () => reject(new LdapSourceError('ABORTED', 'The directory read was stopped.'));
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

/** AD's bind failure sub-codes ("data 52e" in the server's message) → what the administrator should do. */
const AD_BIND_DATA: Record<string, string> = {
  '525': 'the bind account does not exist',
  '52e': 'the bind DN or password is wrong',
  '530': 'the bind account may not sign in at this time',
  '531': 'the bind account may not sign in from this computer',
  '532': 'the bind account’s password has expired',
  '533': 'the bind account is disabled',
  '701': 'the bind account has expired',
  '773': 'the bind account must change its password first',
  '775': 'the bind account is locked out',
};

const UNTRUSTED_CERT_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE']);

/**
 * Any error from opening, binding or searching → an LdapSourceError whose message says what is
 * wrong and how to fix it. Unknown errors keep the server's own words (never the password,
 * which ldapts never puts in a message).
 */
export function describeLdapError(
  error: unknown,
  settings: Pick<LdapSourceSettings, 'url' | 'bindDn' | 'tlsServerName'> & { baseDns?: string[] },
): LdapSourceError {
  if (error instanceof LdapSourceError) return error;
  const { host, port } = hostAndPort(settings.url);
  const where = `${host}:${port}`;
  const err = (error ?? {}) as {
    code?: unknown;
    message?: unknown;
    reason?: unknown;
    cert?: { subjectaltname?: string; subject?: { CN?: string } };
    name?: string;
  };
  const code = typeof err.code === 'string' ? err.code : '';
  const message = typeof err.message === 'string' ? err.message : String(error);

  if (err.name === 'AbortError') return new LdapSourceError('ABORTED', 'The directory read was stopped.');
  if (error instanceof InvalidCredentialsError) {
    const data = /data ([0-9a-f]{3})/i.exec(message)?.[1]?.toLowerCase();
    const why = (data && AD_BIND_DATA[data]) ?? 'the bind DN or password is wrong';
    return new LdapSourceError(
      'BIND_FAILED',
      `${where} refused the bind as "${clip(settings.bindDn)}": ${why}. Check the bind DN (a DN, a UPN or DOMAIN\\name) and enter the password again.`,
    );
  }
  if (error instanceof StrongAuthRequiredError)
    return new LdapSourceError(
      'TLS_FAILED',
      `${where} requires a stronger authentication than a simple bind over this connection; use ldaps:// or ldap:// (StartTLS).`,
    );
  if (error instanceof NoSuchObjectError)
    return new LdapSourceError(
      'BASE_DN_NOT_FOUND',
      `A base DN does not exist on ${where}${settings.baseDns?.length ? ` (${settings.baseDns.map((dn) => `"${clip(dn)}"`).join(', ')})` : ''}; check its spelling, e.g. OU=Users,DC=litwareinc,DC=com.`,
    );
  if (error instanceof InsufficientAccessError)
    return new LdapSourceError('ACCESS_DENIED', `The bind account may not read this part of the directory on ${where}; give it read access.`);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = certificateNames(err.cert) ?? 'another name';
    return new LdapSourceError(
      'TLS_NAME_MISMATCH',
      `The certificate of ${where} is for ${names}, not for "${settings.tlsServerName ?? host}"; set the TLS server name or use that name in the URL.`,
    );
  }
  if (UNTRUSTED_CERT_CODES.has(code))
    return new LdapSourceError(
      'TLS_UNTRUSTED',
      `The certificate of ${where} is not signed by the CA certificate given (${code}); paste the CA that issued the domain controller's certificate (the enterprise root CA).`,
    );
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID')
    return new LdapSourceError(
      'TLS_FAILED',
      `The certificate of ${where} is ${code === 'CERT_HAS_EXPIRED' ? 'expired' : 'not valid yet'}; renew the domain controller's certificate.`,
    );
  if (code === 'ETIMEDOUT' || /timed? ?out|timeout/i.test(message))
    return new LdapSourceError('TIMEOUT', `${where} did not answer in time; check that the server is up and that a firewall lets PinDesk reach port ${port}.`);
  if (UNREACHABLE_CODES.has(code) || /^Connection closed|Socket error/i.test(message)) {
    const why =
      code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? `the name "${host}" does not resolve`
        : code === 'ECONNREFUSED'
          ? 'nothing listens on that port'
          : code === 'ECONNRESET' || /^Connection closed|Socket error/i.test(message)
            ? `it closed the connection (is port ${port} ${settings.url.startsWith('ldaps:') ? 'an LDAPS port' : 'a plain LDAP port'}?)`
            : 'there is no route to it';
    return new LdapSourceError('UNREACHABLE', `Cannot reach ${where}: ${why}. Check the URL (ldap://host:389 or ldaps://host:636).`);
  }
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /SSL|TLS/.test(message))
    return new LdapSourceError(
      'TLS_FAILED',
      `The TLS connection to ${where} failed (${clip(message)}); check the URL's scheme and port and the CA certificate.`,
    );
  if (
    /^(Unbalanced parens|Missing paren|Invalid attribute name|Invalid expression|Filter cannot be empty|Illegal unescaped|Invalid escaped|Wildcard missing|Invalid extensible|Missing :=)/.test(
      message,
    )
  )
    return new LdapSourceError(
      'FILTER_MALFORMED',
      `The filter is not a valid LDAP filter (${message.split(':')[0].toLowerCase()}); write it like (&(objectClass=user)(msRTCSIP-UserEnabled=TRUE)).`,
    );
  return new LdapSourceError('LDAP_ERROR', `${where} answered with an error: ${clip(message)}.`);
}

/** The names a certificate is for: its DNS alternative names, else its common name. */
function certificateNames(cert: { subjectaltname?: string; subject?: { CN?: string } } | undefined): string | null {
  const alt = cert?.subjectaltname
    ?.split(',')
    .map((name) => name.trim().replace(/^(DNS|IP Address):/, ''))
    .filter(Boolean);
  if (alt?.length) return alt.map((n) => `"${n}"`).join(', ');
  return cert?.subject?.CN ? `"${cert.subject.CN}"` : null;
}

/** host and port of a settings URL (always given with its port by parseLdapSettings). */
export function hostAndPort(url: string): { host: string; port: number } {
  try {
    const parsed = new URL(url);
    return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port) || (parsed.protocol === 'ldaps:' ? 636 : 389) };
  } catch {
    return { host: url.slice(0, 80), port: 0 };
  }
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
}
