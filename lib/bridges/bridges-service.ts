import 'server-only';
/**
 * Conferencing bridges and their keys for the Bridges page (lib/db/bridges.ts on this
 * process's database, so a revocation clears this process's key cache at once).
 */
import * as bridges from '../db/bridges';
import { getDb } from '../server/composition-root';

export type { BridgeView } from '../db/bridges';
export { BridgeError } from '../db/bridges';

type Change = Parameters<typeof bridges.createBridge>[2];

export function listBridges() {
  return bridges.listBridges(getDb());
}

/** Issues a key; the returned key is its only appearance in clear. */
export function createBridge(input: Parameters<typeof bridges.createBridge>[1], change: Change) {
  return bridges.createBridge(getDb(), input, change);
}

export function revokeBridge(id: string, change: Change) {
  return bridges.revokeBridge(getDb(), id, change);
}
