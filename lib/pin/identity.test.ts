import { describe, expect, it } from 'vitest';
import { parseCallerIdentity, parseIdentity, type IdentityQuery } from './identity';
import { pinErrorOf } from './testing/fixtures';

describe('parseIdentity (UserIdParameter)', () => {
  it.each<[string, IdentityQuery]>([
    ['sip:kenmyer@litwareinc.com', { kind: 'sip', sipAddress: 'sip:kenmyer@litwareinc.com' }],
    ['SIP:KenMyer@LitwareInc.com', { kind: 'sip', sipAddress: 'sip:kenmyer@litwareinc.com' }],
    ['kenmyer@litwareinc.com', { kind: 'sip-or-upn', value: 'kenmyer@litwareinc.com' }],
    ['  KenMyer@litwareinc.com ', { kind: 'sip-or-upn', value: 'kenmyer@litwareinc.com' }],
    ['litwareinc\\kenmyer', { kind: 'account', domain: 'litwareinc', samAccountName: 'kenmyer' }],
    ['LITWAREINC\\KenMyer', { kind: 'account', domain: 'litwareinc', samAccountName: 'kenmyer' }],
    ['CN=Ken Myer,OU=Finance,DC=litwareinc,DC=com', { kind: 'dn', distinguishedName: 'CN=Ken Myer,OU=Finance,DC=litwareinc,DC=com' }],
    ['cn=Ken Myer,ou=Finance,dc=litwareinc,dc=com', { kind: 'dn', distinguishedName: 'cn=Ken Myer,ou=Finance,dc=litwareinc,dc=com' }],
    ['* Smith', { kind: 'display-name', pattern: '* Smith' }],
    ['Ken Myer', { kind: 'display-name', pattern: 'Ken Myer' }],
    // A wildcard is only for display names: "*@litwareinc.com" is not a SIP address or UPN.
    ['*@litwareinc.com', { kind: 'display-name', pattern: '*@litwareinc.com' }],
  ])('%j', (raw, expected) => {
    expect(parseIdentity(raw)).toEqual(expected);
  });

  it.each(['', '   ', 'x'.repeat(513)])('rejects %j as IDENTITY_INVALID', (raw) => {
    expect(pinErrorOf(() => parseIdentity(raw)).code).toBe('IDENTITY_INVALID');
  });

  it('rejects a non-string identity', () => {
    expect(pinErrorOf(() => parseIdentity(undefined as unknown as string)).code).toBe('IDENTITY_INVALID');
  });
});

describe('parseCallerIdentity (what a bridge sends)', () => {
  it.each([
    ['100', { kind: 'extension', extension: '100' }],
    [' 4719 ', { kind: 'extension', extension: '4719' }],
    ['+1 (425) 555-0100', { kind: 'phone', digits: ['14255550100'], extension: null }],
    ['+14255550100', { kind: 'phone', digits: ['14255550100'], extension: null }],
    ['4255550100', { kind: 'phone', digits: ['4255550100', '14255550100'], extension: null }],
    ['(425) 555-0100', { kind: 'phone', digits: ['4255550100', '14255550100'], extension: null }],
    ['425.555.0100', { kind: 'phone', digits: ['4255550100', '14255550100'], extension: null }],
    ['14255550100', { kind: 'phone', digits: ['14255550100'], extension: null }],
    ['tel:+14255550100;ext=100', { kind: 'phone', digits: ['14255550100'], extension: '100' }],
    ['TEL:+14255550100', { kind: 'phone', digits: ['14255550100'], extension: null }],
    ['sip:KenMyer@litwareinc.com', { kind: 'sip-or-upn', value: 'kenmyer@litwareinc.com' }],
    ['kenmyer@litwareinc.com', { kind: 'sip-or-upn', value: 'kenmyer@litwareinc.com' }],
  ])('%j', (raw, expected) => {
    expect(parseCallerIdentity(raw)).toEqual(expected);
  });

  it.each(['', '   ', 'Ken Myer', 'litwareinc\\kenmyer', '12a4', '---', 'x'.repeat(257)])('%j is no caller identity (null)', (raw) => {
    expect(parseCallerIdentity(raw)).toBeNull();
  });
});
