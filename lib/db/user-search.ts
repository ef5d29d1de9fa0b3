import 'server-only';
/**
 * The Users page search (Control Panel "Search users" + "Find"): prefix match on display
 * name, first name, last name, SAM account name, SIP address and line URI, paged, with the
 * PIN status columns derived from each user's effective policy.
 */
import { activeLock } from '../pin/lockout';
import { resolveEffectivePolicy } from '../pin/policy';
import { pinExpirationTime } from '../pin/status';
import { emptyPinState } from '../pin/types';
import type { Db } from './client';
import { toPolicy } from './pin-store';

export type UserSearchParams = { q: string; page: number; pageSize: number };

export type UserRow = {
  id: string;
  displayName: string;
  sipAddress: string;
  department: string;
  site: string | null;
  isPinSet: boolean;
  isLockedOut: boolean;
  lastPinChange: number | null;
  pinExpires: number | null;
};

export async function searchUsers(db: Db, params: UserSearchParams, now = Date.now()): Promise<{ total: number; rows: UserRow[] }> {
  const q = params.q.trim().toLowerCase();
  const where = q
    ? {
        OR: [
          { displayNameKey: { startsWith: q } },
          { firstNameKey: { startsWith: q } },
          { lastNameKey: { startsWith: q } },
          { samAccountNameKey: { startsWith: q } },
          { sipAddress: { startsWith: q.startsWith('sip:') ? q : `sip:${q}` } },
          { lineUriKey: { startsWith: q } },
        ],
      }
    : {};
  const [total, users, policies] = await Promise.all([
    db.directoryUser.count({ where }),
    db.directoryUser.findMany({
      where,
      orderBy: [{ displayNameKey: 'asc' }, { id: 'asc' }],
      skip: (params.page - 1) * params.pageSize,
      take: params.pageSize,
      select: {
        id: true,
        displayName: true,
        sipAddress: true,
        department: true,
        site: { select: { name: true } },
        pinPolicy: { select: { identity: true } },
        pinState: true,
      },
    }),
    db.pinPolicy.findMany(),
  ]);
  const policyMap = new Map(policies.map((p) => [p.identity, toPolicy(p)]));
  const rows = users.map((u) => {
    const state = u.pinState;
    const isPinSet = state !== null && state.pinLength > 0 && state.pinSetAt !== null;
    const setAt = isPinSet ? Number(state!.pinSetAt) : null;
    const effective = resolveEffectivePolicy({ grantedPolicy: u.pinPolicy?.identity ?? null, siteName: u.site?.name ?? null }, policyMap);
    const lock = state
      ? activeLock(
          {
            ...emptyPinState,
            adminLockedAt: state.adminLockedAt === null ? null : Number(state.adminLockedAt),
            systemLockedAt: state.systemLockedAt === null ? null : Number(state.systemLockedAt),
            lockedUntil: state.lockedUntil === null ? null : Number(state.lockedUntil),
          },
          now,
        )
      : null;
    return {
      id: u.id,
      displayName: u.displayName,
      sipAddress: u.sipAddress,
      department: u.department,
      site: u.site?.name ?? null,
      isPinSet,
      isLockedOut: lock !== null,
      lastPinChange: setAt,
      pinExpires: pinExpirationTime(setAt, effective.policy),
    };
  });
  return { total, rows };
}
