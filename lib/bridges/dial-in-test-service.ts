import 'server-only';
/**
 * The Dial-in test keypad's logon: lib/pin's runDialInTest with this process's PIN store and
 * its per-day bound counted in the database's window counters.
 */
import { windowCounterOn } from '../db/window-counters';
import { runDialInTest } from '../pin';
import { getDb, getPinDeps } from '../server/composition-root';

export function runDialInTestHere(input: Omit<Parameters<typeof runDialInTest>[1], 'countTest'>) {
  return runDialInTest(getPinDeps(), { ...input, countTest: windowCounterOn(getDb()) });
}
