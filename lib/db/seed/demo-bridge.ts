import { isPlausibleKey } from '../../bridges/keys';
import type { DbHandle } from '../client';
import { createBridge } from '../bridges';

/** SEED_BRIDGE_KEY → a bridge named "demo-bridge" that authenticates with exactly that key. */
export async function seedDemoBridge(handle: DbHandle, key: string | undefined, log: (line: string) => void = () => {}): Promise<void> {
  if (!key) return;
  if (!isPlausibleKey(key)) {
    throw new Error('SEED_BRIDGE_KEY must be 24 to 256 printable characters without spaces (e.g. the output of `openssl rand -base64 32`).');
  }
  await handle.db.bridgeKey.deleteMany({ where: { name: 'demo-bridge' } });
  await createBridge(handle, { name: 'demo-bridge', allowedSources: [], ratePerMinute: 6000, key }, { actor: { type: 'system', name: 'Seed' } });
  log('Created the bridge "demo-bridge" with the key in SEED_BRIDGE_KEY.');
}
