/**
 * The /api/v1/roles routes through the real route handlers in-process (route-harness.ts), with
 * real API tokens, on both engines: a CsAdministrator lists, grants and revokes; the last
 * CsAdministrator is never revoked; a CsUserAdministrator is refused on every route; bad
 * roles, unknown or ambiguous identities and oversized bodies get their codes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as listRoute } from '../../app/api/v1/roles/route';
import { POST as grantRoute } from '../../app/api/v1/roles/grant/route';
import { POST as revokeRoute } from '../../app/api/v1/roles/revoke/route';
import { openApiDocument } from '../../lib/api/openapi';
import { LAST_ADMINISTRATOR_MESSAGE } from '../../lib/db/role-assignments';
import { apiRequest, callRoute, tokenFor } from './route-harness';
import { createUser, db } from './helpers';

let administrator: { userId: string; token: string };
let userAdministrator = '';

beforeAll(async () => {
  administrator = await tokenFor(['CsAdministrator']);
  userAdministrator = (await tokenFor(['CsUserAdministrator'])).token;
});

const list = (token: string, query = '') => callRoute(listRoute, apiRequest(token, 'GET', `/api/v1/roles${query}`));
const grant = (token: string, body: unknown, query = '') => callRoute(grantRoute, apiRequest(token, 'POST', `/api/v1/roles/grant${query}`, body));
const revoke = (token: string, body: unknown, query = '') => callRoute(revokeRoute, apiRequest(token, 'POST', `/api/v1/roles/revoke${query}`, body));
const directRoles = async (userId: string) =>
  (await db.roleAssignment.findMany({ where: { userId, origin: 'direct' }, select: { role: true } })).map((r) => r.role).sort();

describe('a CsAdministrator', () => {
  it('lists the role holders with where each role comes from; ?identity= one user', async () => {
    const answer = await list(administrator.token);
    expect(answer.status).toBe(200);
    const holders = (await answer.json()) as { Identity: string; Roles: { Role: string; Sources: { Origin: string; Since: string }[] }[] }[];
    const me = await db.directoryUser.findUniqueOrThrow({ where: { id: administrator.userId } });
    expect(holders).toContainEqual({
      Identity: me.sipAddress,
      DisplayName: me.displayName,
      Upn: me.upn,
      Enabled: true,
      Roles: [{ Role: 'CsAdministrator', Sources: [{ Origin: 'direct', Via: '', Since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }] }],
    });
    const one = await list(administrator.token, `?identity=${encodeURIComponent(me.upn)}`);
    expect(one.status).toBe(200);
    expect((await one.json()).map((h: { Identity: string }) => h.Identity)).toEqual([me.sipAddress]);
  });

  it('grants CsHelpDesk (Changed false the second time), then revokes it; -WhatIf changes nothing; the token owner is the actor', async () => {
    const user = await createUser();
    const dryRun = await grant(administrator.token, { identity: user.upn, role: 'cshelpdesk' }, '?whatIf=true');
    expect(dryRun.status).toBe(200);
    expect(await dryRun.json()).toEqual({ WhatIf: expect.stringMatching(/^What if: .*Granting CsHelpDesk to/) });
    expect(await directRoles(user.id)).toEqual([]);

    const granted = await grant(administrator.token, { identity: user.upn, role: 'cshelpdesk' });
    expect(granted.status).toBe(200);
    expect(await granted.json()).toEqual({ Identity: user.sipAddress, DisplayName: user.displayName, Role: 'CsHelpDesk', Changed: true });
    expect(await directRoles(user.id)).toEqual(['CsHelpDesk']);
    const again = await grant(administrator.token, { identity: user.sipAddress, role: 'CsHelpDesk' });
    expect(await again.json()).toMatchObject({ Role: 'CsHelpDesk', Changed: false });
    const audit = await db.auditEvent.findFirst({ where: { action: 'role.granted', targetId: user.id } });
    expect(audit).toMatchObject({ actorType: 'user', actorId: administrator.userId });

    const listed = await list(administrator.token, `?identity=${encodeURIComponent(user.sipAddress)}`);
    expect(await listed.json()).toEqual([expect.objectContaining({ Identity: user.sipAddress, Roles: [expect.objectContaining({ Role: 'CsHelpDesk' })] })]);

    const revoked = await revoke(administrator.token, { identity: user.upn, role: 'CsHelpDesk' });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toEqual({ Identity: user.sipAddress, DisplayName: user.displayName, Role: 'CsHelpDesk', Changed: true });
    expect(await directRoles(user.id)).toEqual([]);

    const notGranted = await revoke(administrator.token, { identity: user.upn, role: 'CsHelpDesk' });
    expect(notGranted.status).toBe(409);
    expect(await notGranted.json()).toEqual({ error: `${user.displayName} does not hold CsHelpDesk.`, code: 'NOT_GRANTED' });
  });

  it('cannot revoke the last CsAdministrator: 409 LAST_ADMINISTRATOR (also with whatIf), and the role stays', async () => {
    // Only this file's administrator holds CsAdministrator while the test runs (the suites share the database).
    const others = await db.roleAssignment.findMany({ where: { role: 'CsAdministrator', userId: { not: administrator.userId } } });
    await db.roleAssignment.deleteMany({ where: { role: 'CsAdministrator', userId: { not: administrator.userId } } });
    try {
      const me = await db.directoryUser.findUniqueOrThrow({ where: { id: administrator.userId } });
      for (const query of ['?whatIf=true', '']) {
        const answer = await revoke(administrator.token, { identity: me.sipAddress, role: 'CsAdministrator' }, query);
        expect(answer.status, query).toBe(409);
        expect(await answer.json()).toEqual({ error: LAST_ADMINISTRATOR_MESSAGE, code: 'LAST_ADMINISTRATOR' });
      }
      expect(await directRoles(administrator.userId)).toEqual(['CsAdministrator']);
    } finally {
      if (others.length > 0) await db.roleAssignment.createMany({ data: others });
    }
  });
});

describe('refusals', () => {
  it('a CsUserAdministrator gets 403 on every route, and nothing changes', async () => {
    const user = await createUser();
    const answers = [
      await list(userAdministrator),
      await grant(userAdministrator, { identity: user.upn, role: 'CsAdministrator' }),
      await revoke(userAdministrator, { identity: user.upn, role: 'CsAdministrator' }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(await answer.json()).toMatchObject({ code: 'FORBIDDEN', error: expect.stringContaining('role.manage') });
    }
    expect(await directRoles(user.id)).toEqual([]);
  });

  it('a bad role or body is a 400, an unknown identity 404, an ambiguous one 409, a body over 4 KiB 413', async () => {
    const user = await createUser();
    const badRole = await grant(administrator.token, { identity: user.upn, role: 'Root' });
    expect(badRole.status).toBe(400);
    expect(await badRole.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'role', error: expect.stringContaining('CsHelpDesk') });

    const longRole = await grant(administrator.token, { identity: user.upn, role: 'x'.repeat(65) });
    expect(longRole.status).toBe(400);
    expect(await longRole.json()).toMatchObject({ code: 'INVALID_INPUT' });
    const extra = await grant(administrator.token, { identity: user.upn, role: 'CsHelpDesk', password: 'x' });
    expect(extra.status).toBe(400);
    const notJson = await revoke(administrator.token, '{"identity":');
    expect(notJson.status).toBe(400);
    expect(await directRoles(user.id)).toEqual([]);

    const unknown = await grant(administrator.token, { identity: 'nobody-at-all@litwareinc.com', role: 'CsHelpDesk' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'USER_NOT_FOUND' });
    const unknownList = await list(administrator.token, '?identity=nobody-at-all@litwareinc.com');
    expect(unknownList.status).toBe(404);

    await createUser();
    const ambiguous = await revoke(administrator.token, { identity: 'Test User *', role: 'CsHelpDesk' });
    expect(ambiguous.status).toBe(409);
    expect(await ambiguous.json()).toMatchObject({ code: 'IDENTITY_AMBIGUOUS' });

    const big = await grant(administrator.token, { identity: user.upn, role: 'CsHelpDesk', padding: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ error: 'The body is larger than 4,096 bytes.', code: 'BODY_TOO_LARGE' });
    expect(await directRoles(user.id)).toEqual([]);
  });
});

describe('the OpenAPI document', () => {
  it('describes the three routes', () => {
    expect(Object.keys(openApiDocument.paths)).toEqual(expect.arrayContaining(['/roles', '/roles/grant', '/roles/revoke']));
    expect(openApiDocument.paths['/roles/revoke'].post.responses).toHaveProperty('409');
    expect(openApiDocument.paths['/roles/grant'].post.responses).toHaveProperty('413');
  });
});
