import { describe, expect, it } from 'vitest';
import { localAccountsEnabled, oidcSettingsFromEnv } from './auth-settings';

const base = { AUTH_OIDC_ISSUER: 'https://login.example.com/tenant/v2.0', AUTH_OIDC_CLIENT_ID: 'pindesk', AUTH_OIDC_CLIENT_SECRET: 's3cret-value' };

describe('oidcSettingsFromEnv', () => {
  it('is off without an issuer', () => {
    expect(oidcSettingsFromEnv({})).toBeNull();
    expect(oidcSettingsFromEnv({ AUTH_OIDC_ISSUER: '  ' })).toBeNull();
  });

  it('takes the defaults the README gives', () => {
    expect(oidcSettingsFromEnv(base)).toEqual({
      issuer: base.AUTH_OIDC_ISSUER,
      clientId: 'pindesk',
      clientSecret: 's3cret-value',
      name: 'your organisation',
      userClaim: 'preferred_username',
      rolesClaim: null,
      scope: 'openid profile email',
    });
    expect(oidcSettingsFromEnv({ ...base, AUTH_OIDC_NAME: 'Contoso', AUTH_OIDC_ROLES_CLAIM: 'groups', AUTH_OIDC_USER_CLAIM: 'upn' })).toMatchObject({
      name: 'Contoso',
      rolesClaim: 'groups',
      userClaim: 'upn',
    });
  });

  it('allows plain http only on this machine', () => {
    expect(oidcSettingsFromEnv({ ...base, AUTH_OIDC_ISSUER: 'http://127.0.0.1:3211' })?.issuer).toBe('http://127.0.0.1:3211');
    expect(() => oidcSettingsFromEnv({ ...base, AUTH_OIDC_ISSUER: 'http://idp.example.com' })).toThrow(/must be an https:\/\/ URL/);
  });

  it('names the setting that is wrong, never the secret', () => {
    expect(() => oidcSettingsFromEnv({ ...base, AUTH_OIDC_ISSUER: 'not a url' })).toThrow(/AUTH_OIDC_ISSUER is not a URL/);
    expect(() => oidcSettingsFromEnv({ ...base, AUTH_OIDC_CLIENT_ID: '' })).toThrow(/AUTH_OIDC_CLIENT_ID/);
    expect(() => oidcSettingsFromEnv({ ...base, AUTH_OIDC_CLIENT_SECRET: '' })).toThrow(/AUTH_OIDC_CLIENT_SECRET/);
    expect(() => oidcSettingsFromEnv({ ...base, AUTH_OIDC_USER_CLAIM: 'bad claim' })).toThrow(/AUTH_OIDC_USER_CLAIM/);
    expect(() => oidcSettingsFromEnv({ ...base, AUTH_OIDC_SCOPE: 'profile email' })).toThrow(/including openid/);
    expect(() => oidcSettingsFromEnv({ ...base, AUTH_OIDC_NAME: 'x'.repeat(61) })).toThrow(/AUTH_OIDC_NAME/);
    try {
      oidcSettingsFromEnv({ ...base, AUTH_OIDC_SCOPE: 'bad' });
    } catch (error) {
      expect(String(error)).not.toContain('s3cret-value');
    }
  });
});

describe('localAccountsEnabled', () => {
  it.each([
    [undefined, true],
    ['1', true],
    ['true', true],
    ['0', false],
    ['FALSE', false],
  ])('%s → %s', (value, expected) => expect(localAccountsEnabled({ AUTH_LOCAL_ACCOUNTS: value })).toBe(expected));

  it('refuses anything else', () => expect(() => localAccountsEnabled({ AUTH_LOCAL_ACCOUNTS: 'no' })).toThrow(/1 or 0/));
});
