import 'server-only';
import { getDb } from '../db/client';
import { createPinStore } from '../db/pin-store';
import type { PinDeps } from '../pin/deps';
import { getPinHasher } from '../pin/runtime';
import { systemClock } from '../pin/types';

let deps: PinDeps | undefined;

/** The lib/pin dependencies of this server process: the database store, argon2 hasher, real clock. */
export function getPinDeps(): PinDeps {
  if (!deps) {
    deps = { store: createPinStore(getDb()), hasher: getPinHasher(), clock: systemClock };
  }
  return deps;
}
