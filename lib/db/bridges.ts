/** Conferencing bridges and their API keys (issued and revoked by a CsAdministrator). */
import { displayPrefix, generateBridgeKey, hashBridgeKey, sameHash } from '../bridges/keys';
import type { Actor, RequestContext } from '../pin/types';
import { appendChainedInPrisma } from './audit-writer';
import type { DbHandle } from './client';
import { parseJsonStringArray } from './json-columns';
import { processSingleton } from '../runtime/process-singleton';

export type BridgeView = {
  id: string;
  name: string;
  keyPrefix: string;
  allowedSources: string[];
  ratePerMinute: number;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
};

export type AuthenticatedBridge = { id: string; name: string; allowedSources: string[]; ratePerMinute: number };

export class BridgeError extends Error {}

export async function listBridges({ db }: DbHandle): Promise<BridgeView[]> {
  const rows = await db.bridgeKey.findMany({ orderBy: [{ revokedAt: 'asc' }, { name: 'asc' }] });
  return rows.map((r) => ({ ...r, allowedSources: parseJsonStringArray(r.allowedSources) }));
}

type Change = { actor: Actor; context?: RequestContext };

/** Issues a key; the returned key is its only appearance in clear. */
export async function createBridge(
  { db }: DbHandle,
  input: { name: string; allowedSources: string[]; ratePerMinute: number; key?: string },
  change: Change,
): Promise<{ bridge: BridgeView; key: string }> {
  const key = input.key ?? generateBridgeKey();
  return db.$transaction(async (tx) => {
    if (await tx.bridgeKey.findUnique({ where: { name: input.name }, select: { id: true } })) {
      throw new BridgeError(`A bridge named "${input.name}" already exists: choose another name, or revoke the old key first.`);
    }
    const row = await tx.bridgeKey.create({
      data: {
        name: input.name,
        keyPrefix: displayPrefix(key),
        keyHash: hashBridgeKey(key),
        allowedSources: JSON.stringify(input.allowedSources),
        ratePerMinute: input.ratePerMinute,
        createdBy: change.actor.name,
      },
    });
    await appendChainedInPrisma(tx, [
      {
        at: Date.now(),
        actor: change.actor,
        action: 'bridge_key.created',
        target: { type: 'bridge', id: row.id, name: row.name },
        context: change.context,
        outcome: 'success',
        details: { allowedSources: input.allowedSources, ratePerMinute: input.ratePerMinute, keyPrefix: row.keyPrefix },
      },
    ]);
    return { bridge: { ...row, allowedSources: input.allowedSources }, key };
  });
}

export async function revokeBridge(handle: DbHandle, id: string, change: Change): Promise<void> {
  const { db } = handle;
  await db.$transaction(async (tx) => {
    const row = await tx.bridgeKey.findUnique({ where: { id } });
    if (!row) throw new BridgeError('That bridge no longer exists; reload the page.');
    if (row.revokedAt) return;
    await tx.bridgeKey.update({ where: { id }, data: { revokedAt: new Date() } });
    await appendChainedInPrisma(tx, [
      {
        at: Date.now(),
        actor: change.actor,
        action: 'bridge_key.revoked',
        target: { type: 'bridge', id, name: row.name },
        context: change.context,
        outcome: 'success',
        details: { keyPrefix: row.keyPrefix },
      },
    ]);
  });
  forgetBridge(handle, id);
}

/** How often last-used is written back: once a minute is plenty, and spares a write per logon. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * A bridge sends one request per caller, and looking its key up every time costs a
 * statement per logon, so active keys are remembered per database for BRIDGE_KEY_CACHE_MS.
 * Revocation: revokeBridge forgets the key at once in its own process; other app instances
 * refuse it within BRIDGE_KEY_CACHE_MS. Unknown and revoked keys are never remembered, so a
 * key issued on another instance works at once and random keys cannot fill memory.
 */
export const BRIDGE_KEY_CACHE_MS = 2_000;
const BRIDGE_KEY_CACHE_MAX = 1_000;

type CachedBridge = { bridge: AuthenticatedBridge; fetchedAt: number; lastUsedAt: number };
type BridgeKeyCache = { entries: Map<string, CachedBridge>; revocations: number };

// One registry per process, not per module copy: Next.js bundles this file separately for
// route handlers and server actions, and a revocation in one must reach the other.
const registry = processSingleton('bridgeKeyCache', () => new WeakMap<DbHandle, BridgeKeyCache>());

function cacheOf(handle: DbHandle): BridgeKeyCache {
  let cache = registry.get(handle);
  if (!cache) registry.set(handle, (cache = { entries: new Map(), revocations: 0 }));
  return cache;
}

function forgetBridge(handle: DbHandle, id: string): void {
  const cache = cacheOf(handle);
  cache.revocations++;
  for (const [hash, entry] of cache.entries) if (entry.bridge.id === id) cache.entries.delete(hash);
}

/** The active bridge a key belongs to, or null (unknown or revoked). Below Prisma: it runs on every logon. */
export async function authenticateBridge(handle: DbHandle, key: string, now = Date.now()): Promise<AuthenticatedBridge | null> {
  const hash = hashBridgeKey(key);
  const cache = cacheOf(handle);
  let entry = cache.entries.get(hash);
  if (!entry || now - entry.fetchedAt >= BRIDGE_KEY_CACHE_MS) {
    const revocationsBefore = cache.revocations;
    entry = (await lookUpBridge(handle, hash, now)) ?? undefined;
    if (!entry) {
      cache.entries.delete(hash);
      return null;
    }
    // A revocation that committed while we read must not be undone by caching the old row.
    if (cache.revocations === revocationsBefore) {
      if (cache.entries.size >= BRIDGE_KEY_CACHE_MAX) cache.entries.clear();
      cache.entries.set(hash, entry);
    }
  }
  if (now - entry.lastUsedAt > LAST_USED_RESOLUTION_MS) {
    entry.lastUsedAt = now;
    // Not awaited on the request path's critical section, but errors must not go unhandled.
    void handle.db.bridgeKey.updateMany({ where: { id: entry.bridge.id }, data: { lastUsedAt: new Date(now) } }).catch(() => undefined);
  }
  return entry.bridge;
}

async function lookUpBridge({ db }: DbHandle, hash: string, now: number): Promise<CachedBridge | null> {
  const row = await db.bridgeKey.findFirst({
    where: { keyHash: hash },
    select: { id: true, name: true, keyHash: true, allowedSources: true, ratePerMinute: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || row.revokedAt !== null || !sameHash(row.keyHash, hash)) return null;
  return {
    bridge: { id: row.id, name: row.name, allowedSources: parseJsonStringArray(row.allowedSources), ratePerMinute: row.ratePerMinute },
    fetchedAt: now,
    lastUsedAt: row.lastUsedAt?.getTime() ?? 0,
  };
}
