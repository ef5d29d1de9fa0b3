/** The PinStore contract against lib/pin/testing/memory-store.ts (unit project: no database). */
import { createMemoryStore } from '../../lib/pin/testing/memory-store';
import { describePinStoreContract, expectedStored } from './pin-store-contract';

describePinStoreContract('in memory', async (world) => {
  const store = createMemoryStore(world);
  return { store, auditEvents: async () => store.data().audit.map(expectedStored) };
});
