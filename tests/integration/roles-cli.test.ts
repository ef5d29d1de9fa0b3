/**
 * Get-PinDeskRoleAssignment, Grant-/Revoke-PinDeskRole and New-PinDeskLocalAccount as real
 * processes, on both engines. Local mode on a database of its own (cli-helpers.ts, whose demo
 * directory has one CsAdministrator): grants and revokes with the CLI as actor, -WhatIf, the last
 * CsAdministrator kept, a break-glass account from a piped password that then signs in. Remote
 * mode against a loopback server that hands each request to the real route handlers
 * (route-harness.ts), with a real API token on the shared integration database.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as listRoute } from '../../app/api/v1/roles/route';
import { POST as grantRoute } from '../../app/api/v1/roles/grant/route';
import { POST as revokeRoute } from '../../app/api/v1/roles/revoke/route';
import { createDirectoryBind } from '../../lib/auth/directory-bind';
import { roleMappingFromEnv } from '../../lib/auth/role-mapping';
import { authenticate } from '../../lib/auth/sign-in';
import type { DbHandle } from '../../lib/db/client';
import { createPinStore } from '../../lib/db/pin-store';
import { LAST_ADMINISTRATOR_MESSAGE } from '../../lib/db/role-assignments';
import { createCliDatabase, sh, type Run } from './cli-helpers';
import { countingHasher, createUser, db } from './helpers';
import { callRoute, tokenFor, type RouteHandler } from './route-harness';

let handle: DbHandle;
let env: Record<string, string>;
const pindesk = 'node bin/pindesk.mjs';
const run = (command: string, stdin?: string, extraEnv: Record<string, string> = {}): Promise<Run> => sh(command, { ...env, ...extraEnv }, stdin);
const directRoles = async (upn: string) =>
  (await handle.db.roleAssignment.findMany({ where: { user: { upn }, origin: 'direct' }, select: { role: true } })).map((r) => r.role).sort();

beforeAll(async () => {
  const created = await createCliDatabase(20);
  handle = created.handle;
  env = { DATABASE_URL: created.url };
}, 180_000);

afterAll(async () => {
  await handle?.db.$disconnect();
});

describe('local mode', () => {
  it('Grant-PinDeskRole (-WhatIf first, then piped), Get-PinDeskRoleAssignment, Revoke-PinDeskRole; the CLI is the actor', async () => {
    const upn = 'useradmin@litwareinc.com';
    const whatIf = await run(`${pindesk} Grant-PinDeskRole -Identity ${upn} -Role cshelpdesk -WhatIf`);
    expect(whatIf.code).toBe(0);
    expect(whatIf.lines).toEqual([]);
    expect(whatIf.errors).toEqual([
      `What if: Performing the operation "Grant-PinDeskRole" on target "PinDesk User Admin (sip:${upn})": Granting CsHelpDesk to PinDesk User Admin (sip:${upn}).`,
    ]);
    expect(await directRoles(upn)).toEqual(['CsUserAdministrator']);

    const granted = await run(`${pindesk} Grant-PinDeskRole -Role CsHelpDesk`, `${JSON.stringify({ UserPrincipalName: upn })}\n`);
    expect(granted.errors).toEqual([]);
    expect(granted.code).toBe(0);
    expect(granted.lines).toEqual([{ Identity: `sip:${upn}`, DisplayName: 'PinDesk User Admin', Role: 'CsHelpDesk', Changed: true }]);
    expect(await directRoles(upn)).toEqual(['CsHelpDesk', 'CsUserAdministrator']);
    const audit = await handle.db.auditEvent.findFirst({ where: { action: 'role.granted', targetName: 'PinDesk User Admin' } });
    expect(audit).toMatchObject({ actorType: 'cli', actorName: expect.stringContaining('(pindesk CLI)') });

    const listed = await run(`${pindesk} Get-PinDeskRoleAssignment ${upn}`);
    expect(listed.code).toBe(0);
    expect(listed.lines).toEqual([
      {
        Identity: `sip:${upn}`,
        DisplayName: 'PinDesk User Admin',
        Upn: upn,
        Enabled: true,
        Roles: [
          { Role: 'CsUserAdministrator', Sources: [{ Origin: 'direct', Via: '', Since: expect.any(String) }] },
          { Role: 'CsHelpDesk', Sources: [{ Origin: 'direct', Via: '', Since: expect.any(String) }] },
        ],
      },
    ]);
    const all = await run(`${pindesk} Get-PinDeskRoleAssignment`);
    expect(all.code).toBe(0);
    expect(all.lines.map((l) => (l as { Upn: string }).Upn)).toEqual(
      expect.arrayContaining(['admin@litwareinc.com', upn, 'helpdesk@litwareinc.com', 'viewer@litwareinc.com']),
    );

    const revoked = await run(`${pindesk} Revoke-PinDeskRole ${upn} CsHelpDesk`);
    expect(revoked.code).toBe(0);
    expect(revoked.lines).toEqual([{ Identity: `sip:${upn}`, DisplayName: 'PinDesk User Admin', Role: 'CsHelpDesk', Changed: true }]);
    expect(await directRoles(upn)).toEqual(['CsUserAdministrator']);

    const again = await run(`${pindesk} Revoke-PinDeskRole ${upn} CsHelpDesk`);
    expect(again.code).toBe(1);
    expect(again.errors).toEqual([`Revoke-PinDeskRole: ${upn}: PinDesk User Admin does not hold CsHelpDesk.`]);
  });

  it('Revoke-PinDeskRole of the last CsAdministrator: exit 1 with the message, -WhatIf says the same, nothing changes', async () => {
    for (const whatIf of ['', ' -WhatIf']) {
      const r = await run(`${pindesk} Revoke-PinDeskRole -Identity admin@litwareinc.com -Role CsAdministrator${whatIf}`);
      expect(r.code, whatIf).toBe(1);
      expect(r.errors).toEqual([`Revoke-PinDeskRole: admin@litwareinc.com: ${LAST_ADMINISTRATOR_MESSAGE}`]);
      expect(r.lines).toEqual([]);
    }
    expect(await directRoles('admin@litwareinc.com')).toEqual(['CsAdministrator']);
    expect(await handle.db.auditEvent.count({ where: { action: 'role.revoked' } })).toBe(1); // the previous test's only
  });

  it('refuses an unknown role, a missing -Role and an overlong -Identity before anything runs (exit 2)', async () => {
    const role = await run(`${pindesk} Grant-PinDeskRole -Identity admin@litwareinc.com -Role Root`);
    expect(role.code).toBe(2);
    expect(role.errors).toEqual([
      'Grant-PinDeskRole: -Role "Root" is not a role; use one of CsAdministrator, CsUserAdministrator, CsHelpDesk, CsViewOnlyAdministrator.',
    ]);
    const missing = await run(`${pindesk} Revoke-PinDeskRole -Identity admin@litwareinc.com`);
    expect(missing.code).toBe(2);
    const long = await run(`${pindesk} Grant-PinDeskRole -Identity ${'x'.repeat(513)} -Role CsHelpDesk`);
    expect(long.code).toBe(2);
    expect(long.errors[0]).toMatch(/^Grant-PinDeskRole -Identity: can be at most 512 characters/);
  });

  it('New-PinDeskLocalAccount with the password on stdin: the account signs in and holds CsAdministrator', async () => {
    const password = 'Correct-horse-battery-9';
    const r = await run(`${pindesk} New-PinDeskLocalAccount -Email BreakGlass@contoso.com -Role CsAdministrator`, `${password}\nignored second line\n`);
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([{ Identity: 'sip:breakglass@contoso.com', Email: 'breakglass@contoso.com', Role: 'CsAdministrator' }]);
    expect(r.stdout + r.stderr).not.toContain(password);

    const hasher = countingHasher();
    const signIn = (pass: string) =>
      authenticate(
        {
          handle,
          store: createPinStore(handle),
          maskTyped: hasher.maskTyped,
          directoryBind: createDirectoryBind(handle, () => roleMappingFromEnv({})),
          localAccounts: true,
        },
        { email: 'breakglass@contoso.com', password: pass, sourceAddress: '203.0.113.7', userAgent: 'vitest' },
      );
    expect(await signIn(password)).toMatchObject({ ok: true, user: { upn: 'breakglass@contoso.com', displayName: 'Break-glass BreakGlass@contoso.com' } });
    expect(await signIn(`${password}x`)).toEqual({ ok: false, reason: 'invalid' });
    expect(await directRoles('breakglass@contoso.com')).toEqual(['CsAdministrator']);
  });

  it('a short password, an existing address or a bad address creates nothing (exit 1); -Password does not exist (exit 2)', async () => {
    const users = await handle.db.directoryUser.count();
    const short = await run(`${pindesk} New-PinDeskLocalAccount -Email short@contoso.com -Role CsAdministrator`, 'short\n');
    expect(short.code).toBe(1);
    expect(short.errors).toEqual([expect.stringMatching(/^New-PinDeskLocalAccount: short@contoso\.com: The password must be 12 to 1024 characters long/)]);

    const taken = await run(`${pindesk} New-PinDeskLocalAccount -Email admin@litwareinc.com -Role CsAdministrator`, 'Long-enough-passw0rd\n');
    expect(taken.code).toBe(1);
    expect(taken.errors).toEqual([
      'New-PinDeskLocalAccount: admin@litwareinc.com: A user with the UPN or SIP address admin@litwareinc.com already exists; choose another address for the break-glass account.',
    ]);

    const address = await run(`${pindesk} New-PinDeskLocalAccount -Email not-an-address`, 'Long-enough-passw0rd\n');
    expect(address.code).toBe(1);
    expect(address.errors[0]).toContain('is not an email address');

    const noPipe = await run(`${pindesk} New-PinDeskLocalAccount -Email empty@contoso.com`, '');
    expect(noPipe.code).toBe(1);

    const argument = await run(`${pindesk} New-PinDeskLocalAccount -Email pw@contoso.com -Password Long-enough-passw0rd`);
    expect(argument.code).toBe(2);
    expect(argument.errors[0]).toMatch(/^New-PinDeskLocalAccount: there is no parameter -Password\./);
    expect(await handle.db.directoryUser.count()).toBe(users);
  });
});

describe('remote mode', () => {
  let server: http.Server;
  let remote: Record<string, string>;
  const routes: Record<string, RouteHandler<undefined>> = {
    'GET /api/v1/roles': listRoute,
    'POST /api/v1/roles/grant': grantRoute,
    'POST /api/v1/roles/revoke': revokeRoute,
  };

  beforeAll(async () => {
    const { token } = await tokenFor(['CsAdministrator']);
    server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const url = new URL(req.url ?? '/', 'http://pindesk.test');
      const handler = routes[`${req.method} ${url.pathname}`];
      if (!handler) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such route"}');
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      const request = new Request(url, { method: req.method, headers, body: req.method === 'GET' ? undefined : Buffer.concat(chunks) });
      const response = await callRoute(handler, request);
      res
        .writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' })
        .end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    remote = { PINDESK_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, PINDESK_TOKEN: token };
  });

  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('Grant-PinDeskRole, Get-PinDeskRoleAssignment and Revoke-PinDeskRole call the server', async () => {
    const user = await createUser();
    const granted = await run(`${pindesk} Grant-PinDeskRole -Identity ${user.upn} -Role CsViewOnlyAdministrator`, undefined, remote);
    expect(granted.errors).toEqual([]);
    expect(granted.code).toBe(0);
    expect(granted.lines).toEqual([{ Identity: user.sipAddress, DisplayName: user.displayName, Role: 'CsViewOnlyAdministrator', Changed: true }]);
    expect(await db.roleAssignment.findMany({ where: { userId: user.id }, select: { role: true, origin: true } })).toEqual([
      { role: 'CsViewOnlyAdministrator', origin: 'direct' },
    ]);

    const listed = await run(`${pindesk} Get-PinDeskRoleAssignment -Identity ${user.sipAddress}`, undefined, remote);
    expect(listed.lines).toEqual([
      expect.objectContaining({ Identity: user.sipAddress, Roles: [expect.objectContaining({ Role: 'CsViewOnlyAdministrator' })] }),
    ]);

    const whatIf = await run(`${pindesk} Revoke-PinDeskRole -Identity ${user.upn} -Role CsViewOnlyAdministrator -WhatIf`, undefined, remote);
    expect(whatIf.code).toBe(0);
    expect(whatIf.errors).toEqual([expect.stringMatching(/^What if: .*Revoking CsViewOnlyAdministrator from/)]);
    expect(await db.roleAssignment.count({ where: { userId: user.id } })).toBe(1);

    const revoked = await run(`${pindesk} Revoke-PinDeskRole -Identity ${user.upn} -Role CsViewOnlyAdministrator`, undefined, remote);
    expect(revoked.code).toBe(0);
    expect(revoked.lines).toEqual([expect.objectContaining({ Role: 'CsViewOnlyAdministrator', Changed: true })]);
    expect(await db.roleAssignment.count({ where: { userId: user.id } })).toBe(0);

    const unknown = await run(`${pindesk} Grant-PinDeskRole -Identity nobody-at-all@litwareinc.com -Role CsHelpDesk`, undefined, remote);
    expect(unknown.code).toBe(1);
    expect(unknown.errors[0]).toMatch(/^Grant-PinDeskRole: nobody-at-all@litwareinc\.com: User not found/);
  });

  it('New-PinDeskLocalAccount is refused before any password is read: it runs on the server itself', async () => {
    const r = await run(`${pindesk} New-PinDeskLocalAccount -Email remote@contoso.com -Role CsAdministrator`, 'Long-enough-passw0rd\n', remote);
    expect(r.code).toBe(2);
    expect(r.errors).toEqual([
      'New-PinDeskLocalAccount: New-PinDeskLocalAccount runs on the server itself, against its database: unset PINDESK_URL and PINDESK_TOKEN and run it there (a password is never sent over the API).',
    ]);
    expect(await db.directoryUser.count({ where: { upn: 'remote@contoso.com' } })).toBe(0);
  });
});
