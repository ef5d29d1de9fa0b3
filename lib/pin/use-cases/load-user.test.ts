import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../testing/memory-store';
import { allUsers, directoryUser, pinErrorOfAsync } from '../testing/fixtures';
import { loadUser } from './load-user';

const store = createMemoryStore({ users: allUsers() });

describe('loadUser', () => {
  it.each([
    ['sip:kenmyer@litwareinc.com', 'u-ken'],
    ['SIP:KenMyer@LitwareInc.com', 'u-ken'],
    ['kenmyer@litwareinc.com', 'u-ken'],
    ['litwareinc\\kenmyer', 'u-ken'],
    ['LitwareInc\\KENMYER', 'u-ken'],
    ['CN=Ken Myer,OU=Finance,DC=litwareinc,DC=com', 'u-ken'],
    ['Ken Myer', 'u-ken'],
    ['ken *', 'u-ken'],
    ['* Myer', 'u-ken'],
    // Pilar's UPN differs from her SIP address: both name her.
    ['pilar.ackerman@corp.litwareinc.com', 'u-pilar'],
    ['pilar@litwareinc.com', 'u-pilar'],
    ['sip:pilar@litwareinc.com', 'u-pilar'],
    ['litwareinc\\pilara', 'u-pilar'],
    ['Bob Smith', 'u-bob'],
  ])('finds %j', async (identity, id) => {
    expect((await loadUser(store, { identity })).id).toBe(id);
  });

  it('finds a user by id', async () => {
    expect((await loadUser(store, { userId: 'u-carol' })).displayName).toBe('Carol Smith');
  });

  it('"* Smith" matching three users is ambiguous and lists them', async () => {
    const error = await pinErrorOfAsync(loadUser(store, { identity: '* Smith' }));
    expect(error.code).toBe('IDENTITY_AMBIGUOUS');
    expect(error.details.matches).toEqual(['sip:anne.smith@litwareinc.com', 'sip:bob.smith@litwareinc.com', 'sip:carol.smith@litwareinc.com']);
    for (const name of ['Anne Smith', 'Bob Smith', 'Carol Smith']) expect(error.message).toContain(name);
    expect(error.message).toContain('* Smith');
  });

  it('lists at most 10 matches of a very ambiguous identity', async () => {
    const many = Array.from({ length: 12 }, (_, i) => directoryUser({ id: `u-${i}`, displayName: `Person${i} Jones` }));
    const error = await pinErrorOfAsync(loadUser(createMemoryStore({ users: many }), { identity: '* Jones' }));
    expect(error.code).toBe('IDENTITY_AMBIGUOUS');
    expect(error.details.matches).toHaveLength(10);
    expect(error.message).toContain('…');
  });

  it.each([
    'sip:nobody@litwareinc.com',
    'nobody@litwareinc.com',
    'litwareinc\\nobody',
    '* Jones',
    'CN=Nobody,DC=litwareinc,DC=com',
    'Smith',
    // Only display names take the * wildcard.
    'sip:*@litwareinc.com',
    '*@litwareinc.com',
    'litwareinc\\*',
    'CN=*,OU=Finance,DC=litwareinc,DC=com',
    // A distinguished name matches as stored, case included, as the database store compares it.
    'cn=ken myer,ou=finance,dc=litwareinc,dc=com',
  ])('%j is USER_NOT_FOUND', async (identity) => {
    const error = await pinErrorOfAsync(loadUser(store, { identity }));
    expect(error.code).toBe('USER_NOT_FOUND');
    expect(error.message).toContain(identity);
  });

  it('an unknown id is USER_NOT_FOUND', async () => {
    expect((await pinErrorOfAsync(loadUser(store, { userId: 'u-nobody' }))).code).toBe('USER_NOT_FOUND');
  });

  it('an empty identity is IDENTITY_INVALID', async () => {
    expect((await pinErrorOfAsync(loadUser(store, { identity: ' ' }))).code).toBe('IDENTITY_INVALID');
  });
});
