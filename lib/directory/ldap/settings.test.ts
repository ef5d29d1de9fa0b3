import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ATTRIBUTES, DEFAULT_FILTER, effectiveFilter, LdapSettingsError, parseLdapSettings, requestedAttributes } from './settings';

const minimal = { url: 'ldaps://dc1.litwareinc.com', bindDn: 'CN=PinDesk,OU=Service,DC=litwareinc,DC=com', baseDns: ['OU=Users,DC=litwareinc,DC=com'] };

function problemsOf(json: unknown): string {
  try {
    parseLdapSettings(json);
  } catch (error) {
    expect(error).toBeInstanceOf(LdapSettingsError);
    return (error as Error).message;
  }
  throw new Error('expected the settings to be refused');
}

describe('parseLdapSettings', () => {
  it('fills the Active Directory defaults', () => {
    const settings = parseLdapSettings(minimal);
    expect(settings.url).toBe('ldaps://dc1.litwareinc.com:636');
    expect(settings.filter).toBe(DEFAULT_FILTER);
    expect(settings.disabledFilter).toBe('(&(objectClass=user)(msRTCSIP-UserEnabled=FALSE))');
    expect(settings.netbiosDomain).toBe('LITWAREINC');
    expect(settings.attributes).toEqual(DEFAULT_ATTRIBUTES);
    expect(settings.pageSize).toBe(500);
    expect(settings.siteRules).toEqual([]);
    expect(effectiveFilter(settings)).toBe(`(|${DEFAULT_FILTER}(&(objectClass=user)(msRTCSIP-UserEnabled=FALSE)))`);
  });

  it('keeps an ldap:// URL (StartTLS) with its port, an empty disabled filter, and mapping overrides', () => {
    const settings = parseLdapSettings({
      ...minimal,
      url: 'ldap://127.0.0.5:3890/',
      disabledFilter: '',
      attributes: { office: 'roomNumber' },
      siteAttribute: 'extensionAttribute1',
      netbiosDomain: 'contoso',
    });
    expect(settings.url).toBe('ldap://127.0.0.5:3890');
    expect(effectiveFilter(settings)).toBe(DEFAULT_FILTER);
    expect(settings.attributes.office).toBe('roomNumber');
    expect(settings.attributes.displayName).toBe('displayName');
    expect(settings.netbiosDomain).toBe('CONTOSO');
    expect(requestedAttributes(settings)).toContain('extensionAttribute1');
    expect(requestedAttributes(settings)).not.toContain('physicalDeliveryOfficeName');
  });

  it('takes a PEM CA certificate', () => {
    const pem = execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', '/dev/null', '-subj', '/CN=Test CA', '-days', '1'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    }).toString();
    expect(parseLdapSettings({ ...minimal, caPem: `comment\n${pem}` }).caPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it.each([
    ['url', { url: 'http://dc1:389' }, 'url: The URL must be ldap://host:port'],
    ['url', { url: 'ldaps://dc1:636/DC=x' }, 'nothing after the port'],
    ['url', { url: 'ldap://user:pw@dc1' }, 'url:'],
    ['url', { url: `ldap://${'a'.repeat(2050)}` }, 'at most 2048'],
    ['bindDn', { bindDn: '' }, 'bindDn: The bind DN is required'],
    ['baseDns', { baseDns: [] }, 'baseDns: Give at least one base DN'],
    ['baseDns', { baseDns: Array(11).fill('DC=x') }, 'At most 10 base DNs'],
    ['baseDns', { baseDns: ['litwareinc.com'] }, 'baseDns.0: A base DN must be a distinguished name'],
    ['filter', { filter: '(objectClass=user' }, 'filter: The filter is not a valid LDAP filter'],
    ['filter', { filter: '(&(objectClass=user)(msRTCSIP-UserEnabled=TRUE)' }, 'filter: The filter is not a valid LDAP filter: 1 parenthesis is not closed'],
    ['filter', { filter: '(objectClass=user))' }, 'a closing parenthesis has no opening one'],
    ['filter', { filter: 'x'.repeat(4097) }, 'at most 4096'],
    ['disabledFilter', { disabledFilter: 'objectClass=user)' }, 'disabledFilter: The disabled-users filter is not a valid'],
    ['caPem', { caPem: 'hello' }, 'caPem: The CA certificate must be PEM text'],
    ['caPem', { caPem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }, 'not a readable X.509 certificate'],
    ['tlsServerName', { tlsServerName: 'dc1 .litwareinc.com' }, 'tlsServerName: The TLS server name must be a host name'],
    ['attributes', { attributes: { displayName: 'display name' } }, 'attributes.displayName: The displayName attribute must be an attribute name'],
    ['attributes', { attributes: { colour: 'x' } }, 'unknown field'],
    ['siteRules', { siteRules: [{ ou: 'Finance', site: 'Redmond' }] }, 'siteRules.0.ou'],
    ['siteRules', { siteRules: Array(501).fill({ ou: 'OU=A,DC=x', site: 'A' }) }, 'At most 500 site rules'],
    ['pageSize', { pageSize: 0 }, 'pageSize: The page size must be at least 1'],
    ['pageSize', { pageSize: 1001 }, 'at most 1000'],
    ['timeoutMs', { timeoutMs: 10 }, 'timeoutMs:'],
    ['baseDns', { baseDns: ['OU=Users,O=Litware'] }, 'netbiosDomain: The NetBIOS domain could not be taken'],
    ['bindPassword', { bindPassword: 'secret' }, 'bindPassword'],
  ])('refuses %#: %s', (_, change, expected) => {
    const message = problemsOf({ ...minimal, ...change });
    expect(message).toContain(expected);
    expect(message).not.toContain('secret');
  });

  it('lists every problem, and refuses what is not an object', () => {
    const message = problemsOf({ url: 'ftp://x', bindDn: '', baseDns: [] });
    expect(message).toContain('url:');
    expect(message).toContain('bindDn:');
    expect(message).toContain('baseDns:');
    expect(problemsOf(null)).toContain('the settings must be an object');
  });
});
