/**
 * The `pindesk` CLI in local mode, as real processes through a real shell pipe, on both
 * engines: the eight pipelines of issue 10 as written (`npx pindesk …`), the bad-input
 * cases, -WhatIf and -Confirm, each checked in the database. Remote mode runs in
 * e2e/cli-remote.spec.ts against the production server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../lib/db/client';
import { createPinStore } from '../../lib/db/pin-store';
import { createArgon2Hasher } from '../../lib/pin/hasher';
import { verifyPinLogon } from '../../lib/pin';
import { systemClock } from '../../lib/pin/types';
import { createCliDatabase, sh, type Run } from './cli-helpers';
import { pepper } from './helpers';

const FINANCE = 'OU=Finance,DC=litwareinc,DC=com';
let handle: DbHandle;
let env: Record<string, string>;
const run = (command: string, stdin?: string, extraEnv: Record<string, string> = {}): Promise<Run> => sh(command, { ...env, ...extraEnv }, stdin);
// The examples run as the issue writes them; the other cases call the launcher directly (no npx start-up).
const pindesk = 'node bin/pindesk.mjs';

async function pinHashOf(sip: string): Promise<string | null> {
  const user = await handle.db.directoryUser.findUniqueOrThrow({ where: { sipAddress: sip }, select: { pinState: { select: { pinHash: true } } } });
  return user.pinState?.pinHash ?? null;
}

async function logon(identity: string, pin: string) {
  const deps = { store: createPinStore(handle), hasher: createArgon2Hasher(pepper), clock: systemClock };
  return verifyPinLogon(deps, { identity, pin, actor: { type: 'system', name: 'cli test' } });
}

async function policy(identity: string) {
  return handle.db.pinPolicy.findUniqueOrThrow({ where: { identity } });
}

beforeAll(async () => {
  const created = await createCliDatabase(80);
  handle = created.handle;
  env = { DATABASE_URL: created.url };
  // LDAP equality is exact: give the demo directory two plain "Manager"s for example 6.
  await handle.db.directoryUser.updateMany({
    where: { sipAddress: { in: ['sip:pilarsmith@litwareinc.com', 'sip:amysmith@litwareinc.com'] } },
    data: { title: 'Manager', titleKey: 'manager' },
  });
  // Example 1 and 2 set Ken Myer's PIN: he must not start locked.
  await handle.db.pinState.deleteMany({ where: { user: { sipAddress: 'sip:kenmyer@litwareinc.com' } } });
}, 180_000);

afterAll(async () => {
  await handle?.db.$disconnect();
});

describe('the eight pipelines of issue 10, local mode', () => {
  it('1: Set-CsClientPin -Identity "litwareinc\\kenmyer" prints Identity and a generated PIN that logs on', async () => {
    const r = await run('npx pindesk Set-CsClientPin -Identity "litwareinc\\kenmyer"');
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([{ Identity: 'sip:kenmyer@litwareinc.com', Pin: expect.stringMatching(/^\d{6,}$/), IsPinSet: true }]);
    const pin = (r.lines[0] as { Pin: string }).Pin;
    expect(await logon('100', pin)).toMatchObject({ result: 'accepted' });
    // Never in the audit trail: the generated PIN appears in no detail.
    const audit = await handle.db.auditEvent.findMany({ where: { action: 'pin.set' }, select: { details: true, actorType: true, actorName: true } });
    expect(JSON.stringify(audit)).not.toContain(pin);
    expect(audit.at(-1)).toMatchObject({ actorType: 'cli', actorName: expect.stringContaining('(pindesk CLI)') });
  });

  it('2: Set-CsClientPin -Identity "litwareinc\\kenmyer" -Pin 18723834 sets that PIN', async () => {
    const r = await run('npx pindesk Set-CsClientPin -Identity "litwareinc\\kenmyer" -Pin 18723834');
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([{ Identity: 'sip:kenmyer@litwareinc.com', IsPinSet: true }]);
    expect(r.stdout).not.toContain('18723834');
    expect(await logon('sip:kenmyer@litwareinc.com', '18723834')).toMatchObject({ result: 'accepted' });
  });

  it('3: Get-CsUser -OU … | Set-CsClientPin gives every Finance user (child OUs too) a PIN; locked ones fail alone', async () => {
    const finance = await handle.db.directoryUser.findMany({ where: { ouPath: { startsWith: 'litwareinc.com/Finance/' } }, select: { sipAddress: true } });
    expect(finance.length).toBeGreaterThan(3);
    const r = await run(`npx pindesk Get-CsUser -OU "${FINANCE}" | npx pindesk Set-CsClientPin`);
    const set = r.lines.map((l) => (l as { Identity: string }).Identity);
    // Each user either got a PIN or has exactly one error line naming them (a locked PIN must be unlocked first).
    for (const line of r.errors)
      expect(line).toMatch(/^Set-CsClientPin: sip:\S+@litwareinc\.com: This PIN is locked\. Unlock the PIN before setting a new one\.$/);
    const failed = r.errors.map((l) => l.split(': ')[1]);
    expect([...set, ...failed].sort()).toEqual(finance.map((u) => u.sipAddress).sort());
    expect(r.code).toBe(failed.length ? 1 : 0);
    for (const line of r.lines) expect(line).toMatchObject({ Pin: expect.stringMatching(/^\d+$/) });
    for (const sip of set) expect(await pinHashOf(sip)).not.toBeNull();
  });

  it('4: Get-CsUser | Get-CsClientPinInfo | Where-Object {$_.IsPinSet -eq $False} | Set-CsClientPin sets exactly the missing PINs', async () => {
    const without = await handle.db.directoryUser.findMany({
      where: { OR: [{ pinState: { is: null } }, { pinState: { is: { pinHash: null } } }] },
      select: { sipAddress: true },
    });
    expect(without.length).toBeGreaterThan(5);
    const r = await run(
      `npx pindesk Get-CsUser | npx pindesk Get-CsClientPinInfo | npx pindesk Where-Object '{$_.IsPinSet -eq $False}' | npx pindesk Set-CsClientPin`,
    );
    const set = r.lines.map((l) => (l as { Identity: string }).Identity);
    const failed = r.errors.map((l) => l.split(': ')[1]);
    expect([...set, ...failed].sort()).toEqual(without.map((u) => u.sipAddress).sort());
    const stillWithout = await handle.db.directoryUser.count({ where: { OR: [{ pinState: { is: null } }, { pinState: { is: { pinHash: null } } }] } });
    expect(stillWithout).toBe(failed.length);
  });

  it('5: Get-CsClientPinInfo -Identity "litwareinc\\kenmyer" shows the PIN status', async () => {
    const r = await run('npx pindesk Get-CsClientPinInfo -Identity "litwareinc\\kenmyer"');
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([
      expect.objectContaining({
        Identity: 'sip:kenmyer@litwareinc.com',
        IsPinSet: true,
        IsLockedOut: false,
        LastPinChangeTime: expect.stringMatching(/^\d{4}-/),
        PinExpirationTime: null,
      }),
    ]);
  });

  it('6: Get-CsUser -LdapFilter "Title=Manager" | Get-CsClientPinInfo reports the managers', async () => {
    const r = await run('npx pindesk Get-CsUser -LdapFilter "Title=Manager" | npx pindesk Get-CsClientPinInfo');
    expect(r.errors).toEqual([]);
    expect(r.lines.map((l) => (l as { Identity: string }).Identity).sort()).toEqual(['sip:amysmith@litwareinc.com', 'sip:pilarsmith@litwareinc.com']);
    expect(r.lines[0]).toHaveProperty('IsPinSet');
  });

  it('7: Set-CsPinPolicy -Identity site:Redmond -MinPasswordLength 10', async () => {
    const r = await run('npx pindesk Set-CsPinPolicy -Identity site:Redmond -MinPasswordLength 10');
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([expect.objectContaining({ Identity: 'site:Redmond', MinPasswordLength: 10 })]);
    expect((await policy('site:Redmond')).minPasswordLength).toBe(10);
  });

  it('8: Get-CsPinPolicy | Where-Object {$_.MinPasswordLength -gt 10} | Set-CsPinPolicy -MaximumLogonAttempts 25 changes only those', async () => {
    const created = await run(`${pindesk} New-CsPinPolicy -Identity LongPins -MinPasswordLength 12`);
    expect(created.code).toBe(0);
    const r = await run(
      `npx pindesk Get-CsPinPolicy | npx pindesk Where-Object '{$_.MinPasswordLength -gt 10}' | npx pindesk Set-CsPinPolicy -MaximumLogonAttempts 25`,
    );
    expect(r.errors).toEqual([]);
    expect(r.lines).toEqual([expect.objectContaining({ Identity: 'tag:LongPins', MaximumLogonAttempts: 25 })]);
    expect((await policy('tag:LongPins')).maximumLogonAttempts).toBe(25);
    expect((await policy('site:Redmond')).maximumLogonAttempts).toBeNull();
    expect((await policy('global')).maximumLogonAttempts).toBeNull();
  });
});

describe('bad input: one line naming the object and the problem, the others go on', () => {
  it('an unknown identity among piped users', async () => {
    const input = `${JSON.stringify({ Identity: 'nobody@litwareinc.com' })}\nnot json\n${JSON.stringify({ SipAddress: 'sip:kenmyer@litwareinc.com' })}\n`;
    const r = await run(`${pindesk} Get-CsClientPinInfo`, input);
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([
      'Get-CsClientPinInfo: nobody@litwareinc.com: User not found: no user matches "nobody@litwareinc.com". Check the SIP address, UPN, domain\\account, display name or distinguished name.',
      'Get-CsClientPinInfo: input line 2: input line 2 is not a JSON object ("not json"); pipe the output of another pindesk command.',
    ]);
    expect(r.lines).toEqual([expect.objectContaining({ Identity: 'sip:kenmyer@litwareinc.com' })]);
  });

  it('a PIN with letters changes nothing and never echoes the PIN', async () => {
    const before = await pinHashOf('sip:kenmyer@litwareinc.com');
    const r = await run(`${pindesk} Set-CsClientPin -Identity kenmyer@litwareinc.com -Pin 18a23834`);
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([
      'Set-CsClientPin: kenmyer@litwareinc.com: The PIN may contain only the digits 0-9 (no letters, spaces, signs or other characters).',
    ]);
    expect(r.stderr).not.toContain('18a23834');
    expect(await pinHashOf('sip:kenmyer@litwareinc.com')).toBe(before);
  });

  it('a policy value out of range: that policy is refused, the next one changes', async () => {
    const input = ['global', 'site:Dublin'].map((Identity) => JSON.stringify({ Identity })).join('\n');
    const r = await run(`${pindesk} Set-CsPinPolicy -PINLifetime 30`, input);
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([
      expect.stringMatching(/^Set-CsPinPolicy: global: PINLifetime can be greater than 0 \(here 30\) only when PINHistoryCount is greater than 0/),
    ]);
    expect(r.lines).toEqual([expect.objectContaining({ Identity: 'site:Dublin', PINLifetime: 30 })]);
    expect((await policy('global')).pinLifetime).toBe(0);
    const tooLong = await run(`${pindesk} Set-CsPinPolicy site:Redmond -MinPasswordLength 25`);
    expect(tooLong.errors).toEqual(['Set-CsPinPolicy: site:Redmond: MinPasswordLength must be a whole number from 4 to 24.']);
    expect((await policy('site:Redmond')).minPasswordLength).toBe(10);
  });

  it('a malformed Where-Object block: one line, exit code 2, nothing passes', async () => {
    const r = await run(`${pindesk} Get-CsPinPolicy | ${pindesk} Where-Object '{$_.MinPasswordLength -gt}'; echo "where=$?" >&2`);
    expect(r.errors).toEqual([
      "Where-Object '{$_.MinPasswordLength -gt}': -gt needs a value on its right (a number, 'text', $True, $False or $Null).",
      'where=2',
    ]);
    expect(r.lines).toEqual([]);
  });

  it('unknown parameters, commands and a bad -OU are usage errors (exit 2)', async () => {
    const r = await run(
      `${pindesk} Set-CsClientPin -Identity x -Pinn 1; echo "a=$?" >&2; ${pindesk} Get-CsFoo; echo "b=$?" >&2; ${pindesk} Get-CsUser -OU Finance; echo "c=$?" >&2`,
    );
    expect(r.errors).toEqual([
      'Set-CsClientPin: there is no parameter -Pinn. Parameters: -Identity -Pin -WhatIf -Confirm.',
      'a=2',
      'pindesk: there is no command "Get-CsFoo". Run "pindesk help" for the list.',
      'b=2',
      'Get-CsUser: -OU "Finance": OU must be a distinguished name such as OU=Finance,DC=litwareinc,DC=com.',
      'c=2',
    ]);
  });

  it('a piped identity holding a NUL fails with a message, not the driver error', async () => {
    const r = await run(`${pindesk} Get-CsClientPinInfo; echo "code=$?" >&2`, '{"Identity":"ken\\u0000myer@litwareinc.com"}\n"sip:kenmyer@litwareinc.com"\n');
    expect(r.errors).toEqual([
      expect.stringMatching(/^Get-CsClientPinInfo: ken\\u0000myer@litwareinc\.com: An identity cannot contain control characters/),
      'code=1',
    ]);
    expect(r.lines).toEqual([expect.objectContaining({ Identity: 'sip:kenmyer@litwareinc.com' })]);
  });
});

describe('-WhatIf and -Confirm', () => {
  it('-WhatIf says what would happen, runs the checks, and changes nothing', async () => {
    const before = await pinHashOf('sip:kenmyer@litwareinc.com');
    const r = await run(
      `${pindesk} Set-CsClientPin -Identity "litwareinc\\kenmyer" -WhatIf; ${pindesk} Set-CsClientPin nobody@litwareinc.com -WhatIf; ${pindesk} Set-CsPinPolicy site:Redmond -MinPasswordLength 99 -WhatIf`,
    );
    expect(r.errors).toEqual([
      'What if: Performing the operation "Set-CsClientPin" on target "sip:kenmyer@litwareinc.com" (a generated PIN).',
      expect.stringMatching(/^Set-CsClientPin: nobody@litwareinc\.com: User not found/),
      'Set-CsPinPolicy: site:Redmond: MinPasswordLength must be a whole number from 4 to 24.',
    ]);
    expect(r.lines).toEqual([]);
    expect(await pinHashOf('sip:kenmyer@litwareinc.com')).toBe(before);
    expect((await policy('site:Redmond')).minPasswordLength).toBe(10);
  });

  it('-Confirm asks per piped object on the terminal; No skips, Yes locks', async () => {
    const answers = path.join(os.tmpdir(), `pindesk-answers-${process.pid}`);
    fs.writeFileSync(answers, 'n\ny\n');
    const input = ['sip:pilarsmith@litwareinc.com', 'sip:amysmith@litwareinc.com'].map((Identity) => JSON.stringify({ Identity })).join('\n');
    const r = await run(`${pindesk} Lock-CsClientPin -Confirm`, input, { PINDESK_TTY: answers });
    fs.rmSync(answers);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/Are you sure you want to perform this action\?/g)).toHaveLength(2);
    expect(r.stderr).toContain('Performing the operation "Lock-CsClientPin" on target "sip:pilarsmith@litwareinc.com".');
    expect(r.lines).toEqual([expect.objectContaining({ Identity: 'sip:amysmith@litwareinc.com', IsLockedOut: true, LockKind: 'admin' })]);
    const pilar = await handle.db.directoryUser.findUniqueOrThrow({
      where: { sipAddress: 'sip:pilarsmith@litwareinc.com' },
      select: { pinState: { select: { adminLockedAt: true } } },
    });
    expect(pilar.pinState?.adminLockedAt ?? null).toBeNull();
    const unlocked = await run(`${pindesk} Unlock-CsClientPin amysmith@litwareinc.com -Confirm:'$false'`);
    expect(unlocked.lines).toEqual([expect.objectContaining({ IsLockedOut: false })]);
  });

  it('-Confirm without a terminal to ask on is one usage error (exit 2), not a failure per piped object', async () => {
    const input = ['sip:pilarsmith@litwareinc.com', 'sip:amysmith@litwareinc.com'].map((Identity) => JSON.stringify({ Identity })).join('\n');
    const r = await run(`${pindesk} Lock-CsClientPin -Confirm`, input, { PINDESK_TTY: path.join(os.tmpdir(), `pindesk-no-tty-${process.pid}`, 'tty') });
    expect(r.code).toBe(2);
    // The prompt for the first object is written, then the one error: no line per object, no "unexpected".
    expect(r.errors.filter((line) => line.includes('-Confirm needs a terminal to ask on'))).toHaveLength(1);
    expect(r.errors.join('\n')).not.toMatch(/unexpected|amysmith/);
    expect(r.lines).toEqual([]);
  });

  it('Grant-CsPinPolicy and Remove-CsPinPolicy', async () => {
    const r = await run(
      `${pindesk} Grant-CsPinPolicy -Identity kenmyer@litwareinc.com -PolicyName LongPins && ${pindesk} Get-CsClientPinInfo kenmyer@litwareinc.com`,
    );
    expect(r.errors).toEqual([]);
    expect(r.lines).toEqual([
      { Identity: 'sip:kenmyer@litwareinc.com', PolicyName: 'tag:LongPins' },
      expect.objectContaining({ EffectivePolicy: 'tag:LongPins', PolicySource: 'user' }),
    ]);
    const removed = await run(`${pindesk} Remove-CsPinPolicy tag:LongPins`);
    expect(removed.lines).toEqual([{ Identity: 'tag:LongPins', Reset: false }]);
    expect(await handle.db.pinPolicy.count({ where: { identity: 'tag:LongPins' } })).toBe(0);
  });
});
