/**
 * Sign-in accepts the names an administrator knows an account by: UPN, SIP address (with or
 * without sip:) and domain\logon, in any case; and one account has one rate-limit counter
 * whichever of them is typed.
 */
import { createDirectoryBind } from '../../lib/auth/directory-bind';
import { roleMappingFromEnv } from '../../lib/auth/role-mapping';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../lib/auth/password';
import { authenticate, SIGN_IN_LIMIT_PER_ACCOUNT } from '../../lib/auth/sign-in';
import { countingHasher, createUser, db, handle, store, target } from './helpers';

const hasher = countingHasher();
const password = 'Right-passw0rd!';
const address = () => `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 8)}`;
const signIn = (email: string, pass = password, sourceAddress = address()) =>
  authenticate(
    { handle, store, maskTyped: hasher.maskTyped, directoryBind: createDirectoryBind(handle, () => roleMappingFromEnv({})), localAccounts: true },
    { email, password: pass, sourceAddress, userAgent: 'vitest' },
  );

let user: Awaited<ReturnType<typeof createUser>>;
beforeAll(async () => {
  user = await createUser();
  await db.directoryUser.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
});

describe(`sign-in names on ${target.provider}`, () => {
  it('accepts the UPN, the SIP address and domain\\logon, in any case', async () => {
    const logon = `${user.domain}\\${user.samAccountName}`;
    for (const name of [user.upn, user.upn.toUpperCase(), user.sipAddress, user.sipAddress.slice(4), logon, logon.toUpperCase()]) {
      expect(await signIn(name), name).toMatchObject({ ok: true, user: { id: user.id } });
    }
    expect(await signIn(`otherdomain\\${user.samAccountName}`)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('finds a user whose directory holds an upper-case NetBIOS domain and a mixed-case UPN', async () => {
    // The directory keeps names as AD writes them; sign-in compares the lower-cased name with the key columns.
    const shouting = await createUser(db, { domain: 'LITWAREINC', upn: (tag) => `Test.${tag}@LitwareInc.com` });
    await db.directoryUser.update({ where: { id: shouting.id }, data: { passwordHash: await hashPassword(password) } });
    const logon = `${shouting.domain}\\${shouting.samAccountName}`;
    for (const name of [shouting.upn, shouting.upn.toLowerCase(), logon, logon.toLowerCase(), `litwareinc\\${shouting.samAccountName}`]) {
      expect(await signIn(name), name).toMatchObject({ ok: true, user: { id: shouting.id } });
    }
  });

  it('counts wrong passwords against the account whichever name is typed', async () => {
    const names = [user.upn, user.sipAddress, `${user.domain}\\${user.samAccountName}`];
    for (let i = 0; i < SIGN_IN_LIMIT_PER_ACCOUNT; i++) expect(await signIn(names[i % names.length], 'wrong')).toEqual({ ok: false, reason: 'invalid' });
    expect(await signIn(names[1], password)).toMatchObject({ ok: false, reason: 'rate-limited' });
  });
});
