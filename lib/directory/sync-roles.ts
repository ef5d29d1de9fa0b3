/**
 * After a sync's users are in, their roles from the source's groups: each user in a mapped
 * group gets the group's role, and a user no longer in any loses it, so a membership removed
 * in the directory takes effect with the first request after the sync (sessions read roles
 * from the database on every request).
 */
import { replaceDerivedRoles, usersForGroupRoles } from '../db/role-assignments';
import type { DbHandle } from '../db/client';
import type { DerivedRole } from '../auth/role-mapping';
import { keepProblem, type RunState } from './sync-state';

/** How many users' roles changed; a refusal to remove the last CsAdministrator is kept as a problem. */
export async function applyGroupRoles(db: DbHandle, state: RunState, members: ReadonlyMap<string, DerivedRole[]>): Promise<number> {
  let changed = 0;
  const change = { actor: state.options.actor, context: state.options.context };
  for (const user of await usersForGroupRoles(db.db, state.source.id, [...members.keys()])) {
    const result = await replaceDerivedRoles(db.db, user.id, 'group', members.get(user.externalId) ?? [], change);
    if (result.added.length > 0 || result.removed.length > 0) changed++;
    if (result.keptLastAdministrator)
      keepProblem(state, {
        entry: user.externalId,
        reason: 'kept CsAdministrator from a group this user has left: it is the last CsAdministrator. Grant the role to someone else, then sync again.',
        externalId: user.externalId,
      });
  }
  return changed;
}
