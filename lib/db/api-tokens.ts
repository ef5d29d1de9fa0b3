/**
 * Personal API tokens: created and revoked on the API tokens page, checked on every API
 * request that carries `Authorization: Bearer pdt_…`. The token has no powers of its own:
 * authenticateApiToken returns the owner with the roles the owner holds *now*.
 */
import { apiTokenDisplayPrefix, generateApiTokenSecret, hashApiTokenSecret, isApiTokenSecret } from '../api-tokens/secret';
import type { Actor, RequestContext } from '../pin/types';
import { appendChainedInPrisma } from './audit-writer';
import type { DbHandle } from './client';

export type ApiTokenView = {
  id: string;
  name: string;
  tokenPrefix: string;
  ownerId: string;
  ownerName: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export type ApiTokenStatus = 'active' | 'expired' | 'revoked';

export function apiTokenStatus(token: Pick<ApiTokenView, 'expiresAt' | 'revokedAt'>, now = Date.now()): ApiTokenStatus {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && token.expiresAt.getTime() <= now) return 'expired';
  return 'active';
}

export class ApiTokenError extends Error {}

type Change = { actor: Actor; context?: RequestContext };

const viewSelect = {
  id: true,
  name: true,
  tokenPrefix: true,
  ownerId: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  owner: { select: { displayName: true } },
} as const;

/** Tokens of one owner, or of everyone (ownerId null: CsAdministrator's view). Active first. */
export async function listApiTokens({ db }: DbHandle, ownerId: string | null): Promise<ApiTokenView[]> {
  const rows = await db.apiToken.findMany({
    where: ownerId === null ? {} : { ownerId },
    select: viewSelect,
    orderBy: [{ revokedAt: 'asc' }, { createdAt: 'desc' }],
    take: 1000,
  });
  return rows.map(({ owner, ...row }) => ({ ...row, ownerName: owner.displayName }));
}

/** Creates a token for `ownerId`; the returned secret is its only appearance in clear. */
export async function createApiToken(
  { db }: DbHandle,
  input: { ownerId: string; name: string; expiresAt: Date | null },
  change: Change,
): Promise<{ token: ApiTokenView; secret: string }> {
  const secret = generateApiTokenSecret();
  return db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: {
        name: input.name,
        ownerId: input.ownerId,
        tokenPrefix: apiTokenDisplayPrefix(secret),
        tokenHash: hashApiTokenSecret(secret),
        expiresAt: input.expiresAt,
      },
      select: viewSelect,
    });
    await appendChainedInPrisma(tx, [
      {
        at: Date.now(),
        actor: change.actor,
        action: 'api_token.created',
        target: { type: 'api_token', id: row.id, name: row.name },
        context: change.context,
        outcome: 'success',
        details: { tokenPrefix: row.tokenPrefix, ownerId: row.ownerId, expiresAt: row.expiresAt?.toISOString() ?? null },
      },
    ]);
    const { owner, ...rest } = row;
    return { token: { ...rest, ownerName: owner.displayName }, secret };
  });
}

/**
 * Revokes a token. `asOwner` set: only that owner's token (everyone but CsAdministrator);
 * null: any token. A token of someone else is "not found", so ids cannot be probed.
 */
export async function revokeApiToken({ db }: DbHandle, id: string, asOwner: string | null, change: Change): Promise<ApiTokenView> {
  return db.$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id }, select: viewSelect });
    if (!row || (asOwner !== null && row.ownerId !== asOwner)) throw new ApiTokenError('That API token does not exist (or is not yours); reload the page.');
    const { owner, ...rest } = row;
    if (row.revokedAt) return { ...rest, ownerName: owner.displayName };
    const revokedAt = new Date();
    await tx.apiToken.update({ where: { id }, data: { revokedAt } });
    await appendChainedInPrisma(tx, [
      {
        at: revokedAt.getTime(),
        actor: change.actor,
        action: 'api_token.revoked',
        target: { type: 'api_token', id, name: row.name },
        context: change.context,
        outcome: 'success',
        details: { tokenPrefix: row.tokenPrefix, ownerId: row.ownerId },
      },
    ]);
    return { ...rest, revokedAt, ownerName: owner.displayName };
  });
}

export type ApiTokenOwner = {
  tokenId: string;
  tokenName: string;
  user: { id: string; displayName: string; upn: string; sipAddress: string; roles: string[] };
};

export type ApiTokenCheck = { ok: true; owner: ApiTokenOwner } | { ok: false; reason: 'unknown' | 'revoked' | 'expired' | 'owner_disabled' };

/** How often last-used is written back: once a minute is enough and spares a write per call. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Checks a bearer secret: unknown, revoked, expired, or the owner (with current roles). */
export async function authenticateApiToken({ db }: DbHandle, secret: string, now = Date.now()): Promise<ApiTokenCheck> {
  if (!isApiTokenSecret(secret)) return { ok: false, reason: 'unknown' };
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashApiTokenSecret(secret) },
    select: {
      id: true,
      name: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      owner: { select: { id: true, displayName: true, upn: true, sipAddress: true, enabled: true, roles: { select: { role: true } } } },
    },
  });
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revokedAt) return { ok: false, reason: 'revoked' };
  if (row.expiresAt && row.expiresAt.getTime() <= now) return { ok: false, reason: 'expired' };
  if (!row.owner.enabled) return { ok: false, reason: 'owner_disabled' };
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    // Not awaited: bookkeeping must not slow the call down, but its failure must not go unhandled.
    void db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } }).catch(() => undefined);
  }
  const { owner } = row;
  return {
    ok: true,
    owner: {
      tokenId: row.id,
      tokenName: row.name,
      user: { id: owner.id, displayName: owner.displayName, upn: owner.upn, sipAddress: owner.sipAddress, roles: [...new Set(owner.roles.map((r) => r.role))] },
    },
  };
}
