/**
 * The lib/pin dependencies of this server process: the database store, argon2 hasher, real
 * clock. One per process, kept on globalThis: Next.js's bundles and server.ts's own PIN logon
 * path each load this module, and sharing one store puts all their audit appends into the
 * same group commits. No 'server-only' marker here, since server.ts runs outside Next.js's
 * bundler; pages and actions import it through lib/server/pin-deps.ts, which has one.
 */
import { libuvThreadsOfThisProcess } from '../config/thread-pool';
import { getDb } from '../db/client';
import { pacingWhileVerifiesQueue } from '../db/group-commit';
import { createPinStore } from '../db/pin-store';
import type { PinDeps } from '../pin/deps';
import { getPinHasher } from '../pin/runtime';
import { systemClock } from '../pin/types';

const slot = Symbol.for('pindesk.pinDeps');

export function getPinDeps(): PinDeps {
  const holder = globalThis as Record<symbol, PinDeps | undefined>;
  if (!holder[slot]) {
    const hasher = getPinHasher();
    // Audit events of logons wait briefly for each other while logons queue for argon2.
    const store = createPinStore(getDb(), { auditPacing: pacingWhileVerifiesQueue(() => hasher.verifiesInFlight(), libuvThreadsOfThisProcess()) });
    holder[slot] = { store, hasher, clock: systemClock };
  }
  return holder[slot];
}
