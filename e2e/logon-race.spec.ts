/**
 * Issue 6, "race through HTTP": two server processes on one database, 500 simultaneous wrong
 * PINs for one user → no more PIN checks than the local limit, and the user is locked.
 *
 * The second process is a plain `next start` of the same build with the same environment
 * (database, AUTH_SECRET, PIN_PEPPER) on E2E_SECOND_PORT (default E2E_PORT + 1). Requests go
 * to both servers in turn, each marked with a User-Agent naming its server, so the audit
 * trail shows that both processes really answered and audited their half.
 *
 * What "evaluated" means, observably: verifyPinLogon audits reason `wrong-pin` only after a
 * counted claim and a real argon2 check of the stored hash; every other refusal of this user
 * (`locked-temporary`) spends a burned verify against a throwaway hash. So the `wrong-pin`
 * audit rows are the PIN checks done, and the stored failure counters must agree with them.
 */
import { getPinPepper } from '../lib/config/secrets';
import { createBridge, revokeBridge } from '../lib/db/bridges';
import { createPinStore } from '../lib/db/pin-store';
import { getPinInfo, grantPinPolicy, newPinPolicy, setPin } from '../lib/pin';
import { argon2ParamsFromEnv, createArgon2Hasher } from '../lib/pin/hasher';
import { systemClock } from '../lib/pin/types';
import { startProductionServer, type ProductionServer } from '../scripts/production-server';
import { createSpecUser, testDb, testHandle } from './fixtures/db';
import { expect, test } from './fixtures/test';

const BURST = 500;
const LOCAL_LIMIT = 8;
const RIGHT_PIN = '58213';
const WRONG_PIN = '31790';
const secondPort = Number(process.env.E2E_SECOND_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 1);
const actor = { type: 'user' as const, id: 'e2e-race', name: 'e2e race set-up' };

test.describe.serial('PIN logon race across two server processes', () => {
  let second: ProductionServer | undefined;

  test.afterAll(async () => {
    await second?.stop();
  });

  test('[bridge] 500 simultaneous wrong PINs over two servers: at most the local limit checked, user locked, right PIN refused', async ({ baseURL }) => {
    test.setTimeout(180_000);
    second = await startProductionServer(secondPort);
    const servers = [
      { name: 'server-1', url: baseURL! },
      { name: 'server-2', url: second.url },
    ];

    const handle = testHandle();
    const deps = { store: createPinStore(handle), hasher: createArgon2Hasher(getPinPepper(), argon2ParamsFromEnv()), clock: systemClock };
    const user = await createSpecUser('Race', 700000);
    const policy = `Race${Date.now()}`;
    await newPinPolicy(deps, { identity: policy, settings: { maximumLogonAttempts: LOCAL_LIMIT }, actor });
    await grantPinPolicy(deps, { users: [{ userId: user.id }], policy, actor });
    await setPin(deps, { user: { userId: user.id }, pin: RIGHT_PIN, actor });
    expect((await getPinInfo(deps, { user: { userId: user.id } })).localLimit).toBe(LOCAL_LIMIT);
    // A high rate: this test is about lockout counting, not the bridge's request limit.
    const bridge = await createBridge(handle, { name: `race-bridge-${Date.now()}`, allowedSources: [], ratePerMinute: 100_000 }, { actor });

    const logon = (server: (typeof servers)[number], pin: string) =>
      fetch(`${server.url}/api/v1/pin-logon`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${bridge.key}`, 'Content-Type': 'application/json', 'User-Agent': `race ${server.name}` },
        body: JSON.stringify({ identity: user.extension, pin }),
      }).then(async (response) => ({ server: server.name, status: response.status, body: await response.json() }));

    // Both servers verify the right PIN before the burst (same pepper, route warmed up); a
    // success also clears the counters, so the burst starts from zero failures.
    for (const server of servers) {
      expect(await logon(server, RIGHT_PIN)).toMatchObject({ status: 200, body: { result: 'accepted' } });
    }
    const auditFrom = await lastAuditId();

    const answers = await Promise.all(Array.from({ length: BURST }, (_, i) => logon(servers[i % 2], WRONG_PIN)));
    const unexpected = answers.filter((a) => a.status !== 200 || a.body.result !== 'rejected');
    expect(unexpected, 'every answer is 200 rejected (no 429: the bridge allows 100,000/min)').toEqual([]);
    for (const server of servers) expect(answers.filter((a) => a.server === server.name)).toHaveLength(BURST / 2);

    const attempts = await logonAudit(user.id, auditFrom);
    expect(attempts, 'every attempt is audited').toHaveLength(BURST);
    for (const server of servers) {
      expect(
        attempts.filter((a) => a.userAgent === `race ${server.name}`),
        `${server.name} audited its half`,
      ).toHaveLength(BURST / 2);
    }
    const checked = attempts.filter((a) => a.reason === 'wrong-pin');
    const refusedLocked = attempts.filter((a) => a.reason === 'locked-temporary');
    console.log(
      `race: ${checked.length} PIN checks (${servers.map((s) => `${s.name} ${checked.filter((a) => a.userAgent === `race ${s.name}`).length}`).join(', ')}), ${refusedLocked.length} refused as locked`,
    );
    // 500 ≫ the limit, so exactly the limit is checked: fewer would mean attempts refused
    // for another reason, more would be the race this test exists for.
    expect(checked).toHaveLength(LOCAL_LIMIT);
    expect(refusedLocked).toHaveLength(BURST - LOCAL_LIMIT);
    expect(checked.filter((a) => a.lockTriggered === 'temporary')).toHaveLength(1);

    const state = await testDb().pinState.findUniqueOrThrow({ where: { userId: user.id } });
    expect({ local: state.localFailures, global: state.globalFailures }).toEqual({ local: LOCAL_LIMIT, global: LOCAL_LIMIT });
    expect(await getPinInfo(deps, { user: { userId: user.id } })).toMatchObject({ isLockedOut: true, lockKind: 'temporary' });

    // Locked: the right PIN is refused by both servers, and not counted.
    const afterLock = await lastAuditId();
    for (const server of servers) expect(await logon(server, RIGHT_PIN)).toMatchObject({ status: 200, body: { result: 'rejected' } });
    expect((await logonAudit(user.id, afterLock)).map((a) => a.reason)).toEqual(['locked-temporary', 'locked-temporary']);
    expect((await testDb().pinState.findUniqueOrThrow({ where: { userId: user.id } })).localFailures).toBe(LOCAL_LIMIT);

    await revokeBridge(handle, bridge.bridge.id, { actor });
  });
});

async function lastAuditId(): Promise<number> {
  return (await testDb().auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0;
}

/** The pin.logon audit rows of one user after audit id `afterId`, oldest first. */
async function logonAudit(userId: string, afterId: number) {
  const rows = await testDb().auditEvent.findMany({
    where: { action: 'pin.logon', targetId: userId, id: { gt: afterId } },
    orderBy: { id: 'asc' },
    select: { userAgent: true, details: true },
  });
  return rows.map((row) => {
    const details = JSON.parse(row.details) as { reason?: string; lockTriggered?: string | null };
    return { userAgent: row.userAgent, reason: details.reason ?? 'accepted', lockTriggered: details.lockTriggered ?? null };
  });
}
