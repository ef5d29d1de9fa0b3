import { InsufficientAccessError, InvalidCredentialsError, NoSuchObjectError } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { DirectorySourceError } from '../source-error';
import { checkFilters, describeLdapError, LdapSourceError, openLdap } from './connection';
import { parseLdapSettings } from './settings';

const settings = parseLdapSettings({
  url: 'ldaps://dc1.litwareinc.com',
  bindDn: 'CN=PinDesk,OU=Service,DC=litwareinc,DC=com',
  baseDns: ['OU=Users,DC=litwareinc,DC=com'],
});

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('describeLdapError', () => {
  it.each([
    [
      'an AD bind refusal (data 52e)',
      new InvalidCredentialsError('80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data 52e, v4563'),
      'BIND_FAILED',
      'dc1.litwareinc.com:636 refused the bind as "CN=PinDesk,OU=Service,DC=litwareinc,DC=com": the bind DN or password is wrong',
    ],
    [
      'a locked-out bind account (data 775)',
      new InvalidCredentialsError('AcceptSecurityContext error, data 775, v4563'),
      'BIND_FAILED',
      'the bind account is locked out',
    ],
    [
      'a refused connection',
      withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:636'),
      'UNREACHABLE',
      'Cannot reach dc1.litwareinc.com:636: nothing listens on that port',
    ],
    ['an unknown host', withCode('ENOTFOUND'), 'UNREACHABLE', 'the name "dc1.litwareinc.com" does not resolve'],
    ['no route', withCode('EHOSTUNREACH'), 'UNREACHABLE', 'Cannot reach dc1.litwareinc.com:636: there is no route to it'],
    ['a TCP timeout', withCode('ETIMEDOUT'), 'TIMEOUT', 'dc1.litwareinc.com:636 did not answer in time'],
    ['ldapts’s connect timeout', new Error('Connection timeout'), 'TIMEOUT', 'did not answer in time'],
    ['ldapts’s operation timeout', new Error('SearchRequest: Operation timed out'), 'TIMEOUT', 'did not answer in time'],
    ['a certificate from another CA', withCode('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'TLS_UNTRUSTED', 'is not signed by the CA certificate given'],
    ['a self-signed chain', withCode('SELF_SIGNED_CERT_IN_CHAIN'), 'TLS_UNTRUSTED', 'enterprise root CA'],
    ['a self-signed certificate', withCode('DEPTH_ZERO_SELF_SIGNED_CERT'), 'TLS_UNTRUSTED', 'not signed'],
    ['a missing issuer', withCode('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'), 'TLS_UNTRUSTED', 'not signed'],
    [
      'a certificate for another name',
      Object.assign(withCode('ERR_TLS_CERT_ALTNAME_INVALID'), { cert: { subjectaltname: 'DNS:dc2.litwareinc.com, DNS:litwareinc.com' } }),
      'TLS_NAME_MISMATCH',
      'is for "dc2.litwareinc.com", "litwareinc.com", not for "dc1.litwareinc.com"; set the TLS server name or use that name in the URL',
    ],
    ['an expired certificate', withCode('CERT_HAS_EXPIRED'), 'TLS_FAILED', 'expired'],
    [
      'a missing base DN',
      new NoSuchObjectError('0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT)'),
      'BASE_DN_NOT_FOUND',
      '"OU=Users,DC=litwareinc,DC=com"',
    ],
    ['no read access', new InsufficientAccessError(), 'ACCESS_DENIED', 'give it read access'],
    [
      'ldapts’s filter parser',
      new Error('Unbalanced parens in filter string: (a=b))'),
      'FILTER_MALFORMED',
      'not a valid LDAP filter (unbalanced parens in filter string)',
    ],
    [
      'a closed connection (plain LDAP on the LDAPS port)',
      new Error('Connection closed before message response was received.'),
      'UNREACHABLE',
      'is port 636 an LDAPS port?',
    ],
    ['anything else', new Error('something odd'), 'LDAP_ERROR', 'answered with an error: something odd'],
  ])('words %s', (_, error, code, message) => {
    const described = describeLdapError(error, settings);
    expect(described).toBeInstanceOf(LdapSourceError);
    expect(described.code).toBe(code);
    expect(described.message).toContain(message);
  });

  it('is a DirectorySourceError, so the sync shows its message as it is', () => {
    expect(describeLdapError(new Error('x'), settings)).toBeInstanceOf(DirectorySourceError);
  });

  it('passes an LdapSourceError through', () => {
    const error = new LdapSourceError('ABORTED', 'stopped');
    expect(describeLdapError(error, settings)).toBe(error);
  });
});

describe('checkFilters', () => {
  it('refuses an unclosed filter that ldapts would close by itself', () => {
    expect(() => checkFilters({ filter: '(&(objectClass=user)(cn=a)', disabledFilter: '' })).toThrow(
      /The filter is not a valid LDAP filter \(1 parenthesis is not closed\)/,
    );
    expect(() => checkFilters({ filter: '(cn=a)', disabledFilter: '(cn=b))' })).toThrow(/The disabled-users filter/);
    expect(() => checkFilters({ filter: '(cn=a\\28b\\29)', disabledFilter: '' })).not.toThrow();
  });
});

describe('openLdap', () => {
  it('refuses an empty password before connecting (a simple bind without one is anonymous)', async () => {
    await expect(openLdap(settings, '')).rejects.toMatchObject({ code: 'BIND_FAILED', message: expect.stringContaining('password is empty') });
  });
});
