/**
 * Nothing typed at a prompt reaches the audit trail in full when it names nobody (issue 18
 * item 7): a password pasted into the sign-in email field, or a PIN keyed at a bridge's or
 * the Dial-in test's identity prompt, is stored only as a keyed mask — the same input gives
 * the same mask, so repeated attempts can be told apart. Known accounts and callers keep
 * their real names.
 */
import { createDirectoryBind } from '../../lib/auth/directory-bind';
import { roleMappingFromEnv } from '../../lib/auth/role-mapping';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handlePinLogon } from '../../lib/api/pin-logon-handler';
import { authenticate } from '../../lib/auth/sign-in';
import { createBridge } from '../../lib/db/bridges';
import { windowCounterOn } from '../../lib/db/window-counters';
import { runDialInTest, setPin, verifyPinLogon } from '../../lib/pin';
import { admin, countingHasher, createUser, db, handle, store, target } from './helpers';

const hasher = countingHasher();
const deps = { store, hasher, clock: { now: () => Date.now() } };
const signIn = (email: string, sourceAddress: string) =>
  authenticate(
    { handle, store, maskTyped: hasher.maskTyped, directoryBind: createDirectoryBind(handle, () => roleMappingFromEnv({})), localAccounts: true },
    { email, password: 'not-the-password', sourceAddress, userAgent: 'vitest' },
  );

/** Every column of the audit rows of one source address, as text. */
async function rowsFrom(sourceAddress: string) {
  return db.auditEvent.findMany({ where: { sourceAddress }, orderBy: { id: 'asc' } });
}

const address = () => `198.51.100.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 8)}`;

describe(`typed text in the audit trail on ${target.provider}`, () => {
  it('a sign-in with an email that names no account stores a mask, the same for the same input', async () => {
    const pasted = `Correct-Horse-Battery-${randomUUID().slice(0, 6)}`;
    const from = address();
    await signIn(pasted, from);
    await signIn(pasted, from);
    await signIn(`other-${pasted}`, from);
    const rows = await rowsFrom(from);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(JSON.stringify(row).toLowerCase()).not.toContain(pasted.toLowerCase());
      expect(row).toMatchObject({ action: 'auth.sign_in_failed', actorType: 'anonymous', targetId: null });
    }
    expect(rows[0].targetName).toMatch(/^.{0,3}…[0-9a-f]{8}$/);
    expect(rows[1].targetName).toBe(rows[0].targetName);
    expect(rows[1].actorName).toBe(rows[0].targetName);
    expect(rows[2].targetName).not.toBe(rows[0].targetName);
    // Past the per-account limit the refusal is audited with the same mask.
    for (let i = 0; i < 9; i++) await signIn(pasted, from);
    expect(await signIn(pasted, from)).toMatchObject({ ok: false, reason: 'rate-limited' });
    const refused = (await rowsFrom(from)).at(-1)!;
    expect(refused).toMatchObject({ outcome: 'denied', targetName: rows[0].targetName });
    expect(JSON.stringify(refused).toLowerCase()).not.toContain(pasted.toLowerCase());
    // Nor is it the key of the sign-in counter.
    const counters = await db.rateLimitBucket.findMany({ where: { key: { startsWith: 'signin:account:' } }, select: { key: true } });
    expect(counters.length).toBeGreaterThan(0);
    expect(JSON.stringify(counters).toLowerCase()).not.toContain(pasted.toLowerCase());
  });

  it('a sign-in with a NUL or a broken character in the email is refused before any lookup, and stores nothing', async () => {
    const from = address();
    for (const email of ['ken\u0000myer@litwareinc.com', 'ken\ud800@litwareinc.com']) {
      expect(await signIn(email, from)).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(await rowsFrom(from)).toHaveLength(0);
  });

  it('a sign-in to a known account keeps its real name', async () => {
    const user = await createUser();
    const from = address();
    await signIn(user.upn, from);
    const [row] = await rowsFrom(from);
    expect(row).toMatchObject({ targetId: user.id, targetName: user.upn });
  });

  it('a PIN logon for an unknown identity stores a mask of it, through the use case and the bridge API', async () => {
    const bridge = { type: 'bridge' as const, id: `bridge-${randomUUID()}`, name: 'Mask Bridge' };
    const keyed = `7${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const from = address();
    await verifyPinLogon(deps, { identity: keyed, pin: '1234', actor: bridge, context: { sourceAddress: from } });
    await verifyPinLogon(deps, { identity: keyed, pin: '5678', actor: bridge, context: { sourceAddress: from } });
    const [first, second] = await rowsFrom(from);
    expect(JSON.stringify([first, second])).not.toContain(keyed);
    expect(JSON.parse(first.details)).toMatchObject({ reason: 'unknown-identity', identity: expect.stringMatching(/^.{0,3}…[0-9a-f]{8}$/) });
    expect(JSON.parse(second.details).identity).toBe(JSON.parse(first.details).identity);

    const { key, bridge: row } = await createBridge(handle, { name: `mask-${randomUUID()}`, allowedSources: [], ratePerMinute: 1_000 }, { actor: admin });
    const response = await handlePinLogon(
      new Request('http://pindesk.test/api/v1/pin-logon', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ identity: keyed, pin: '1234' }),
      }),
      { handle, deps },
    );
    expect(await response.json()).toEqual({ result: 'rejected' });
    const viaApi = await db.auditEvent.findMany({ where: { actorId: row.id, action: 'pin.logon' } });
    expect(viaApi).toHaveLength(1);
    expect(JSON.stringify(viaApi)).not.toContain(keyed);
    expect(JSON.parse(viaApi[0].details).identity).toBe(JSON.parse(first.details).identity);
  });

  it('the Dial-in test masks an unknown identity too; a known caller keeps the identity as typed', async () => {
    const tester = { type: 'user' as const, id: `helpdesk-${randomUUID()}`, name: 'Harper HelpDesk' };
    const keyed = `8${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const user = await createUser();
    await setPin(deps, { user: { userId: user.id }, pin: '73915', actor: admin });
    const from = address();
    const countTest = windowCounterOn(handle);
    await runDialInTest(deps, { identity: keyed, pin: '73915', actor: tester, context: { sourceAddress: from }, countTest });
    await runDialInTest(deps, { identity: user.extension, pin: '73915', actor: tester, context: { sourceAddress: from }, countTest });
    const [unknown, known] = await rowsFrom(from);
    expect(JSON.stringify(unknown)).not.toContain(keyed);
    expect(JSON.parse(unknown.details)).toMatchObject({ reason: 'unknown-identity' });
    expect(JSON.parse(known.details)).toEqual({ identity: user.extension });
    expect(known).toMatchObject({ targetId: user.id, outcome: 'success' });
  });
});
