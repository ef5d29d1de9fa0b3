/**
 * The Dial-in test: an administrator runs a real PIN logon and is told "accepted" or why not.
 * That answer makes it a guessing oracle, and Unlock PIN resets the lockout counters, so
 * lockout alone does not bound it (9 guesses, unlock, repeat: any 4-digit PIN in about a
 * thousand rounds). Each administrator therefore gets a few tests per target user per day
 * and a daily total, counted in the database (across instances) before the logon runs, in
 * counters that nothing else — Unlock, Set PIN — touches.
 */
import type { PinDeps } from '../deps';
import { PinError } from '../errors';
import { parseCallerIdentity } from '../identity';
import type { RequestContext } from '../types';
import { assertLogonInput, verifyPinLogon, type LogonResult } from './verify-pin-logon';
import { userTarget } from './load-user';

/** Tests one administrator may run against one user per day: enough to check a PIN set on the phone, too few to guess one. */
export const DIAL_IN_TESTS_PER_USER_PER_DAY = 5;
/** Tests one administrator may run per day in all (unknown numbers included). */
export const DIAL_IN_TESTS_PER_DAY = 25;
export const DIAL_IN_TEST_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Counter keys start with this (lib/db/window-counter-sweep.ts prunes them after their day). */
export const DIAL_IN_TEST_KEY_PREFIX = 'dialin-test:';

/**
 * Counts one event of `key` in the fixed window of `windowMs` that `now` falls in, in one
 * atomic step shared by every app instance, and returns the count including this one.
 */
export type WindowCounter = (key: string, windowMs: number, now: number) => Promise<{ count: number; retryAfterSeconds: number }>;

type TestingAdministrator = { type: 'user'; id: string; name: string; apiTokenId?: string };

export async function runDialInTest(
  deps: PinDeps,
  options: { identity: string; pin: string; actor: TestingAdministrator; context?: RequestContext; countTest: WindowCounter },
): Promise<LogonResult> {
  assertLogonInput(options.identity, options.pin);
  const { store, clock } = deps;
  const now = clock.now();
  const query = parseCallerIdentity(options.identity);
  const callers = query ? await store.findCallers(query, 2) : [];
  const target = callers.length === 1 ? callers[0] : null;
  const perAdministrator = `${DIAL_IN_TEST_KEY_PREFIX}${options.actor.id}`;
  // Counted before the logon, both at once: a parallel burst gets no test beyond the bound.
  const [total, perUser] = await Promise.all([
    options.countTest(perAdministrator, DIAL_IN_TEST_WINDOW_MS, now),
    target ? options.countTest(`${perAdministrator}:${target.id}`, DIAL_IN_TEST_WINDOW_MS, now) : null,
  ]);
  const overUser = perUser !== null && perUser.count > DIAL_IN_TESTS_PER_USER_PER_DAY;
  if (overUser || total.count > DIAL_IN_TESTS_PER_DAY) {
    const wait = waitText((overUser ? perUser : total).retryAfterSeconds);
    await store.appendAudit({
      at: now,
      actor: options.actor,
      action: 'pin.dial_in_test_refused',
      target: target ? userTarget(target) : undefined,
      context: options.context,
      outcome: 'denied',
      details: overUser ? { reason: 'daily-limit-per-user', limit: DIAL_IN_TESTS_PER_USER_PER_DAY } : { reason: 'daily-limit', limit: DIAL_IN_TESTS_PER_DAY },
    });
    throw new PinError(
      'DIAL_IN_TEST_LIMIT',
      overUser
        ? `You have used your ${DIAL_IN_TESTS_PER_USER_PER_DAY} dial-in tests of ${target!.displayName} today; you can test this user again in ${wait} (at 00:00 UTC). Each test is a real PIN logon, so tests are limited to keep PINs from being guessed; to check the PIN now, ask the user to dial in.`
        : `You have used your ${DIAL_IN_TESTS_PER_DAY} dial-in tests for today; you can test again in ${wait} (at 00:00 UTC). Each test is a real PIN logon, so tests are limited to keep PINs from being guessed.`,
      { retryAfterSeconds: (overUser ? perUser : total).retryAfterSeconds },
    );
  }
  return verifyPinLogon(deps, { identity: options.identity, pin: options.pin, actor: options.actor, context: options.context });
}

function waitText(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}
