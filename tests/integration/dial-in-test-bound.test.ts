/**
 * The Dial-in test cannot be turned into a PIN-guessing loop (issue 18 item 3): a CsHelpDesk
 * may test, read the answer, unlock the PIN and test again; the bound on tests per
 * administrator per user per day stops that loop, holds against a parallel burst, is not
 * reset by Unlock, and each administrator also has a daily total. Real store, real
 * database counters, real Unlock.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { windowCounterOn } from '../../lib/db/window-counters';
import { DIAL_IN_TESTS_PER_DAY, DIAL_IN_TESTS_PER_USER_PER_DAY, isPinError, runDialInTest, setPin, unlockPin } from '../../lib/pin';
import { admin, countingHasher, createUser, db, handle, manualClock, store, target } from './helpers';

const clock = manualClock(Date.UTC(2026, 11, 4, 9, 0, 0));
const hasher = countingHasher();
const deps = { store, hasher, clock };
const countTest = windowCounterOn(handle);

const helpDesk = () => ({ type: 'user' as const, id: `helpdesk-${randomUUID()}`, name: 'Harper HelpDesk' });

async function userWithPin(pin: string) {
  const user = await createUser();
  await setPin(deps, { user: { userId: user.id }, pin, actor: admin });
  return user;
}

/** One dial-in test; 'limited' when the bound refused it (with the message shown). */
async function test(actor: ReturnType<typeof helpDesk>, identity: string, pin: string) {
  try {
    return await runDialInTest(deps, { identity, pin, actor, countTest });
  } catch (error) {
    if (isPinError(error) && error.code === 'DIAL_IN_TEST_LIMIT') return { result: 'limited' as const, message: error.message };
    throw error;
  }
}

describe(`Dial-in test bound on ${target.provider}`, () => {
  it('the guess, unlock, repeat loop stops after the bound: the PIN is never found', async () => {
    // Low in the walk below, so that without the bound the loop finds it (test 151).
    const secret = '00150';
    const user = await userWithPin(secret);
    const actor = helpDesk();
    const verifiesBefore = hasher.verifyCount();
    let tests = 0;
    let found = false;
    let refusal = '';
    // Walk the PIN space in order, unlocking after every test as the attack would.
    for (let guess = 0; guess <= 99_999 && !found && tests < 200; guess++) {
      const outcome = await test(actor, user.extension, String(guess).padStart(5, '0'));
      tests++;
      if (outcome.result === 'limited') {
        refusal = outcome.message;
        break;
      }
      found = outcome.result === 'accepted';
      await unlockPin(deps, { user: { userId: user.id }, actor });
    }
    expect(found).toBe(false);
    expect(tests).toBe(DIAL_IN_TESTS_PER_USER_PER_DAY + 1);
    expect(hasher.verifyCount() - verifiesBefore).toBe(DIAL_IN_TESTS_PER_USER_PER_DAY);
    expect(refusal).toContain(`You have used your ${DIAL_IN_TESTS_PER_USER_PER_DAY} dial-in tests of ${user.displayName} today`);
    expect(refusal).toMatch(/again in 15 h 0 min \(at 00:00 UTC\)/);
    // Unlock does not give tests back: even the right PIN is refused until the next day.
    await unlockPin(deps, { user: { userId: user.id }, actor });
    expect(await test(actor, user.extension, secret)).toMatchObject({ result: 'limited' });
    // Every test ran as an audited logon; every refusal is audited too (never with the PIN).
    const events = await db.auditEvent.findMany({
      where: { actorId: actor.id, action: { in: ['pin.logon', 'pin.dial_in_test_refused'] } },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.action)).toEqual([
      ...Array(DIAL_IN_TESTS_PER_USER_PER_DAY).fill('pin.logon'),
      'pin.dial_in_test_refused',
      'pin.dial_in_test_refused',
    ]);
    expect(events.at(-1)).toMatchObject({ targetId: user.id, outcome: 'denied' });
    expect(JSON.stringify(events)).not.toContain(secret);

    // The next day (UTC) the administrator can test this user again.
    clock.set(Date.UTC(2026, 11, 5, 0, 0, 1));
    expect(await test(actor, user.extension, secret)).toMatchObject({ result: 'accepted' });
    clock.set(Date.UTC(2026, 11, 4, 9, 0, 0));
  });

  it('a parallel burst gets no test beyond the bound', async () => {
    const user = await userWithPin('48260');
    const actor = helpDesk();
    const verifiesBefore = hasher.verifyCount();
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => test(actor, user.extension, String(10_000 + i))));
    expect(outcomes.filter((o) => o.result !== 'limited')).toHaveLength(DIAL_IN_TESTS_PER_USER_PER_DAY);
    expect(hasher.verifyCount() - verifiesBefore).toBe(DIAL_IN_TESTS_PER_USER_PER_DAY);
  });

  it('the bound is per administrator: another one has their own tests; each has a daily total over all users', async () => {
    const user = await userWithPin('39517');
    const [first, second] = [helpDesk(), helpDesk()];
    for (let i = 0; i < DIAL_IN_TESTS_PER_USER_PER_DAY; i++) await test(first, user.extension, '11111');
    expect(await test(first, user.extension, '39517')).toMatchObject({ result: 'limited' });
    await unlockPin(deps, { user: { userId: user.id }, actor: admin });
    expect(await test(second, user.extension, '39517')).toMatchObject({ result: 'accepted' });

    // Spread over many users (and numbers that match nobody), the daily total still holds.
    const actor = helpDesk();
    let ran = 0;
    let refusal = '';
    for (let i = 0; i < DIAL_IN_TESTS_PER_DAY + 5; i++) {
      const identity = i % 2 === 0 ? (await createUser()).extension : `9${String(i).padStart(8, '0')}`;
      const outcome = await test(actor, identity, '24680');
      if (outcome.result === 'limited') refusal = outcome.message;
      else ran++;
    }
    expect(ran).toBe(DIAL_IN_TESTS_PER_DAY);
    expect(refusal).toContain(`You have used your ${DIAL_IN_TESTS_PER_DAY} dial-in tests for today`);
  });
});
