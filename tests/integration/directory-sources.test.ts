/**
 * Saving LDAP sources (lib/directory/directory-service.ts): the bind password is sealed, never
 * returned, and never sent to another server, TLS name, CA or account than the one it was
 * saved for — changing any of them asks for the password again, in "Test connection" too.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { listDirectorySources, saveLdapSource, testConnection } from '../../lib/directory/directory-service';
import { db, handle, manualClock } from './helpers';

const deps = { handle, clock: manualClock() };
const settings = { url: 'ldaps://dc1.litwareinc.com', bindDn: 'svc-pindesk@litwareinc.com', baseDns: ['DC=litwareinc,DC=com'] };

async function saved() {
  const name = `AD ${randomUUID().slice(0, 8)}`;
  const result = await saveLdapSource(deps, { name, settings, bindPassword: 'Pass@word1', syncIntervalMinutes: 0, removalGraceHours: 24 });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return { id: result.id, name };
}

describe('LDAP sources', () => {
  it('keep the bind password sealed and never show it', async () => {
    const { id } = await saved();
    const row = await db.directorySource.findUnique({ where: { id } });
    expect(row?.bindPasswordCiphertext).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain('Pass@word1');
    const listed = (await listDirectorySources(deps)).find((s) => s.id === id);
    expect(listed).toMatchObject({ hasBindPassword: true });
    expect(JSON.stringify(listed)).not.toContain('Pass@word1');
    expect(JSON.stringify(listed)).not.toContain(row!.bindPasswordCiphertext!);
  });

  it.each([
    ['the server', { url: 'ldaps://collector.example.net' }],
    ['the TLS name', { tlsServerName: 'collector.example.net' }],
    ['the account', { bindDn: 'other@litwareinc.com' }],
  ])('ask for the password again when %s changes, before connecting anywhere', async (_, change) => {
    const { id, name } = await saved();
    const tested = await testConnection(deps, { sourceId: id, settings: { ...settings, ...change } });
    expect(tested).toMatchObject({ ok: false, message: expect.stringContaining('Enter the bind password again') });
    const save = await saveLdapSource(deps, { id, name, settings: { ...settings, ...change }, syncIntervalMinutes: 0, removalGraceHours: 24 });
    expect(save).toMatchObject({ ok: false, problems: [{ field: 'bindPassword', message: expect.stringContaining('Enter the bind password again') }] });
    expect(JSON.parse((await db.directorySource.findUnique({ where: { id } }))!.settings)).toMatchObject({ url: 'ldaps://dc1.litwareinc.com:636' });
  });

  it('keep the stored password for other changes, and take a new one with a new server', async () => {
    const { id, name } = await saved();
    expect(
      await saveLdapSource(deps, { id, name, settings: { ...settings, filter: '(objectClass=user)' }, syncIntervalMinutes: 15, removalGraceHours: 48 }),
    ).toEqual({ ok: true, id });
    const moved = await saveLdapSource(deps, {
      id,
      name,
      settings: { ...settings, url: 'ldaps://dc2.litwareinc.com' },
      bindPassword: 'New@pass2',
      syncIntervalMinutes: 15,
      removalGraceHours: 48,
    });
    expect(moved).toEqual({ ok: true, id });
  });
});
