/**
 * Break-glass local accounts: New-PinDeskLocalAccount's use case makes a PinDesk-only user with
 * an argon2id password and a direct role; it signs in while AUTH_LOCAL_ACCOUNTS is on and is
 * refused, audited as such, when it is off. The password is stored only as its hash.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDirectoryBind } from '../../lib/auth/directory-bind';
import { roleMappingFromEnv } from '../../lib/auth/role-mapping';
import { authenticate } from '../../lib/auth/sign-in';
import { findSessionAccount } from '../../lib/db/accounts';
import { createArgon2Hasher } from '../../lib/pin/hasher';
import { newLocalAccount } from '../../lib/roles/roles-service';
import { admin, db, handle, pepper, store } from './helpers';

const PASSWORD = 'Break-Glass-Passw0rd!';
const signIn = (email: string, localAccounts: boolean) =>
  authenticate(
    { handle, store, maskTyped: createArgon2Hasher(pepper).maskTyped, directoryBind: createDirectoryBind(handle, () => roleMappingFromEnv({})), localAccounts },
    { email, password: PASSWORD, sourceAddress: '192.0.2.90', userAgent: 'vitest' },
  );

describe('break-glass local accounts', () => {
  it('signs in with AUTH_LOCAL_ACCOUNTS on, is refused with it off, and keeps only a hash', async () => {
    const email = `breakglass-${randomUUID().slice(0, 8)}@litwareinc.com`;
    const created = await newLocalAccount({ handle }, { email, password: PASSWORD, role: 'CsAdministrator' }, { actor: admin });
    const row = await db.directoryUser.findUniqueOrThrow({ where: { id: created.userId }, omit: { passwordHash: false } });
    expect(row).toMatchObject({ sourceId: null, upn: email, enabled: true });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
    expect((await findSessionAccount(db, created.userId))?.roles).toEqual(['CsAdministrator']);

    expect(await signIn(email, true)).toMatchObject({ ok: true, user: { id: created.userId } });
    expect(await signIn(email, false)).toEqual({ ok: false, reason: 'invalid' });
    const refusal = await db.auditEvent.findFirstOrThrow({ where: { action: 'auth.sign_in_failed', targetId: created.userId }, orderBy: { id: 'desc' } });
    expect(JSON.parse(refusal.details ?? '{}')).toEqual({ reason: 'local-accounts-off' });
  });

  it('refuses a short password, a malformed address and an address in use, creating nothing', async () => {
    const email = `breakglass-${randomUUID().slice(0, 8)}@litwareinc.com`;
    const before = await db.directoryUser.count();
    await expect(newLocalAccount({ handle }, { email, password: 'short' }, { actor: admin })).rejects.toMatchObject({ field: 'password' });
    await expect(newLocalAccount({ handle }, { email: 'not an address', password: PASSWORD }, { actor: admin })).rejects.toMatchObject({ field: 'email' });
    await newLocalAccount({ handle }, { email, password: PASSWORD }, { actor: admin });
    await expect(newLocalAccount({ handle }, { email: email.toUpperCase(), password: PASSWORD }, { actor: admin })).rejects.toThrow(/already exists/);
    expect(await db.directoryUser.count()).toBe(before + 1);
  });
});
