/**
 * Personal API tokens on the real database: the secret is shown once and stored only as a
 * hash; a check answers with the owner's *current* roles; revoked, expired, unknown tokens
 * and disabled owners are refused; create and revoke are audited.
 */
import { describe, expect, it } from 'vitest';
import { hashApiTokenSecret } from '../../lib/api-tokens/secret';
import { authenticateApiToken, createApiToken, listApiTokens, revokeApiToken } from '../../lib/db/api-tokens';
import { admin, createUser, db, handle } from './helpers';

async function owner(roles: string[]) {
  const user = await createUser();
  for (const role of roles) await db.roleAssignment.create({ data: { userId: user.id, role } });
  return user;
}

describe('personal API tokens', () => {
  it('stores only a hash, and a check carries the owner’s current roles', async () => {
    const user = await owner(['CsUserAdministrator']);
    const { token, secret } = await createApiToken(handle, { ownerId: user.id, name: 'nightly', expiresAt: null }, { actor: admin });
    expect(secret).toMatch(/^pdt_[A-Za-z0-9_-]{43}$/);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: token.id }, omit: { tokenHash: false } });
    expect(row.tokenHash).toBe(hashApiTokenSecret(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(token.tokenPrefix).toBe(`${secret.slice(0, 10)}…`);
    expect(await authenticateApiToken(handle, secret)).toEqual({
      ok: true,
      owner: { tokenId: token.id, tokenName: 'nightly', user: expect.objectContaining({ id: user.id, roles: ['CsUserAdministrator'] }) },
    });

    // Demoted: the same token now carries the new role only.
    await db.roleAssignment.deleteMany({ where: { userId: user.id } });
    await db.roleAssignment.create({ data: { userId: user.id, role: 'CsHelpDesk' } });
    expect(await authenticateApiToken(handle, secret)).toMatchObject({ ok: true, owner: { user: { roles: ['CsHelpDesk'] } } });

    await db.directoryUser.update({ where: { id: user.id }, data: { enabled: false } });
    expect(await authenticateApiToken(handle, secret)).toEqual({ ok: false, reason: 'owner_disabled' });
    const audit = await db.auditEvent.findMany({ where: { targetId: token.id }, select: { action: true, details: true } });
    expect(audit.map((a) => a.action)).toEqual(['api_token.created']);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('refuses unknown, malformed, revoked and expired tokens', async () => {
    const user = await owner(['CsAdministrator']);
    const { token, secret } = await createApiToken(handle, { ownerId: user.id, name: 'to revoke', expiresAt: null }, { actor: admin });
    expect(await authenticateApiToken(handle, `${secret.slice(0, -1)}x`)).toEqual({ ok: false, reason: 'unknown' });
    expect(await authenticateApiToken(handle, 'pdk_a-bridge-key-is-not-a-token-000000000000')).toEqual({ ok: false, reason: 'unknown' });
    await revokeApiToken(handle, token.id, user.id, { actor: admin });
    expect(await authenticateApiToken(handle, secret)).toEqual({ ok: false, reason: 'revoked' });
    expect((await db.auditEvent.findMany({ where: { targetId: token.id }, select: { action: true } })).map((a) => a.action)).toEqual([
      'api_token.created',
      'api_token.revoked',
    ]);

    const soon = await createApiToken(handle, { ownerId: user.id, name: 'short', expiresAt: new Date(Date.now() + 60_000) }, { actor: admin });
    expect((await authenticateApiToken(handle, soon.secret)).ok).toBe(true);
    expect(await authenticateApiToken(handle, soon.secret, Date.now() + 61_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('an owner sees and revokes only their own tokens; revoking someone else’s as an owner is "not found"', async () => {
    const alice = await owner(['CsHelpDesk']);
    const bob = await owner(['CsHelpDesk']);
    const { token } = await createApiToken(handle, { ownerId: bob.id, name: 'bob', expiresAt: null }, { actor: admin });
    expect((await listApiTokens(handle, alice.id)).map((t) => t.id)).not.toContain(token.id);
    expect((await listApiTokens(handle, null)).map((t) => t.id)).toContain(token.id);
    await expect(revokeApiToken(handle, token.id, alice.id, { actor: admin })).rejects.toThrow('does not exist (or is not yours)');
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt).toBeNull();
    await revokeApiToken(handle, token.id, null, { actor: admin });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt).not.toBeNull();
  });
});
