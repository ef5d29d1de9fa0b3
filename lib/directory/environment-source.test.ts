import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { environmentSource } from './environment-source';

const base = {
  DIRECTORY_LDAP_URL: 'ldaps://dc1.litwareinc.com',
  DIRECTORY_LDAP_BIND_DN: 'svc-pindesk@litwareinc.com',
  DIRECTORY_LDAP_BIND_PASSWORD: 'S3cret!pass',
  DIRECTORY_LDAP_BASE_DN: 'OU=Finance,DC=litwareinc,DC=com; OU=Sales,DC=litwareinc,DC=com',
};

describe('environmentSource', () => {
  it('is absent without DIRECTORY_LDAP_URL', () => {
    expect(environmentSource({})).toBeNull();
  });

  it('reads the settings, several base DNs, the defaults, and never keeps the password', () => {
    const source = environmentSource(base)!;
    const settings = JSON.parse(source.settings);
    expect(settings).toMatchObject({
      url: 'ldaps://dc1.litwareinc.com:636',
      bindDn: 'svc-pindesk@litwareinc.com',
      baseDns: ['OU=Finance,DC=litwareinc,DC=com', 'OU=Sales,DC=litwareinc,DC=com'],
      filter: '(&(objectClass=user)(msRTCSIP-UserEnabled=TRUE))',
      netbiosDomain: 'LITWAREINC',
    });
    expect(source.settings).not.toContain('S3cret');
    expect(source).toMatchObject({ syncIntervalMinutes: 60, removalGraceHours: 24 });
  });

  it('reads the CA file', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pindesk-ca-')), 'ca.pem');
    fs.writeFileSync(file, 'not a certificate');
    expect(() => environmentSource({ ...base, DIRECTORY_LDAP_CA_FILE: file })).toThrow(/DIRECTORY_LDAP_CA_FILE/);
    expect(() => environmentSource({ ...base, DIRECTORY_LDAP_CA_FILE: `${file}.missing` })).toThrow(/cannot be read/);
  });

  it('names each setting that is wrong, and never the password', () => {
    const attempt = () =>
      environmentSource({
        ...base,
        DIRECTORY_LDAP_URL: 'http://dc1',
        DIRECTORY_LDAP_BIND_PASSWORD: '',
        DIRECTORY_LDAP_BASE_DN: '',
        DIRECTORY_SYNC_INTERVAL_MINUTES: 'soon',
      });
    expect(attempt).toThrow(/DIRECTORY_LDAP_URL/);
    expect(attempt).toThrow(/DIRECTORY_LDAP_BIND_PASSWORD is not set/);
    expect(attempt).toThrow(/DIRECTORY_LDAP_BASE_DN/);
    expect(attempt).toThrow(/DIRECTORY_SYNC_INTERVAL_MINUTES must be a whole number/);
  });
});
