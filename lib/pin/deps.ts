import type { PinHasher } from './hasher';
import type { PinStore } from './store';
import type { Clock } from './types';

/** What every use case receives: its store, hasher and clock (never globals). */
export type PinDeps = {
  store: PinStore;
  hasher: PinHasher;
  clock: Clock;
  /** Uniform random integer in [0, max); crypto.randomInt unless a test injects one. */
  randomInt?: (max: number) => number;
};
