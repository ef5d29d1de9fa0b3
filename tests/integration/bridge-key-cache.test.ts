/**
 * The bridge key cache (lib/db/bridges.ts): revocation takes effect at once in the revoking
 * process and within BRIDGE_KEY_CACHE_MS on another app instance; unknown keys are never
 * remembered. "Another instance" is a second handle on the same database.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { authenticateBridge, BRIDGE_KEY_CACHE_MS, createBridge, revokeBridge } from '../../lib/db/bridges';
import { generateBridgeKey } from '../../lib/bridges/keys';
import { createDb } from '../../lib/db/client';
import { admin, handle } from './helpers';

const otherInstance = createDb();
afterAll(() => otherInstance.db.$disconnect());

const newBridge = (key?: string) =>
  createBridge(handle, { name: `cache-${Date.now()}-${Math.floor(Math.random() * 1e6)}`, allowedSources: [], ratePerMinute: 100, key }, { actor: admin });

describe('bridge key cache', () => {
  it('a revoked key is refused at once by the instance that revoked it, even right after it was used', async () => {
    const { bridge, key } = await newBridge();
    expect(await authenticateBridge(handle, key)).toMatchObject({ id: bridge.id });
    await revokeBridge(handle, bridge.id, { actor: admin });
    expect(await authenticateBridge(handle, key)).toBeNull();
  });

  it('another instance refuses a revoked key once its cache entry is BRIDGE_KEY_CACHE_MS old', async () => {
    const { bridge, key } = await newBridge();
    const now = Date.now();
    expect(await authenticateBridge(otherInstance, key, now)).toMatchObject({ id: bridge.id });
    await revokeBridge(handle, bridge.id, { actor: admin });
    // Within the window the other instance still answers from memory (the documented bound)…
    expect(await authenticateBridge(otherInstance, key, now + BRIDGE_KEY_CACHE_MS - 1)).toMatchObject({ id: bridge.id });
    // …and not a moment longer.
    expect(await authenticateBridge(otherInstance, key, now + BRIDGE_KEY_CACHE_MS)).toBeNull();
    expect(await authenticateBridge(otherInstance, key, now + BRIDGE_KEY_CACHE_MS + 1)).toBeNull();
  });

  it('an unknown key is not remembered: issued elsewhere, it works at once', async () => {
    const key = generateBridgeKey();
    expect(await authenticateBridge(otherInstance, key)).toBeNull();
    const { bridge } = await newBridge(key);
    expect(await authenticateBridge(otherInstance, key)).toMatchObject({ id: bridge.id });
  });
});
