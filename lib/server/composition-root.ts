/**
 * The composition root of a server process: the one place that builds what the process
 * shares — the database handle, the PIN store with its argon2 hasher and clock, the vault of
 * bulk job PINs — each once per process (lib/runtime/process-singleton.ts), because server.ts's
 * own PIN logon path and Next.js's bundles must share one pool and one set of group commits.
 * Service modules (lib/<area>/…-service.ts), route helpers and actions take what they need
 * from here. No 'server-only' marker: server.ts imports it under plain Node; pages and actions
 * import lib/server/pin-deps.ts, which has one. The CLI, seeding and scripts build their own
 * (createDb) for one run.
 */
import { getPinPepper } from '../config/secrets';
import { libuvThreadsOfThisProcess } from '../config/thread-pool';
import { createDb, type DbHandle } from '../db/client';
import { pacingWhileVerifiesQueue } from '../db/group-commit';
import { createPinStore } from '../db/pin-store';
import { createPinVault, type PinVault } from '../jobs/pin-vault';
import type { PinDeps } from '../pin/deps';
import { getPinHasher } from '../pin/runtime';
import { systemClock } from '../pin/types';
import { processSingleton } from '../runtime/process-singleton';

/** The process's database handle (kept across Next.js dev reloads too). */
export function getDb(): DbHandle {
  return processSingleton('db', () => createDb());
}

/** lib/pin's dependencies: the database store, the argon2 hasher, the real clock. */
export function getPinDeps(): PinDeps {
  return processSingleton('pinDeps', () => {
    const hasher = getPinHasher();
    // Audit events of logons wait briefly for each other while logons queue for argon2.
    const store = createPinStore(getDb(), { auditPacing: pacingWhileVerifiesQueue(() => hasher.verifiesInFlight(), libuvThreadsOfThisProcess()) });
    return { store, hasher, clock: systemClock };
  });
}

/** Seals and opens the PINs a bulk job keeps for its creator, with a key from PIN_PEPPER. */
export function getPinVault(): PinVault {
  return processSingleton('pinVault', () => createPinVault(getPinPepper()));
}
