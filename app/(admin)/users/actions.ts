'use server';
/** Users page actions: thin wrappers over lib/pin and lib/users's service, each checked by adminAction. */
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/admin-action';
import { ActionError } from '@/lib/actions/result';
import { generatePin, getPinInfo, grantPinPolicy, lockPin, setPin, unlockPin, type LockChange } from '@/lib/pin';
import { getPinDeps } from '@/lib/server/pin-deps';
import { savedQueriesFileSchema, savedQueryNameSchema, userSearchSchema } from '@/lib/users/search-schema';
import { deleteSavedQuery, findUserIds, listSavedQueries, saveQueries } from '@/lib/users/users-service';

const userId = z.string().min(1).max(64);
const userIds = z.object({
  userIds: z.array(userId).min(1, 'Select at least one user.').max(1000, 'Select at most 1,000 users at a time; use a bulk job for more.'),
});

/**
 * What a lock change did: how many users, and for one user who it was and whether the PIN was
 * locked before, so the message can name them and say when nothing changed.
 */
export type LockChangeResult = { count: number; user?: { displayName: string; wasLocked: boolean } };

/**
 * For one user (the Action menu, the user page) the name and the state the change met, as the
 * use case read it inside its own transaction: a separate read before it could race another agent.
 */
function lockChangeResult(results: LockChange[]): LockChangeResult {
  const [only] = results;
  return { count: results.length, ...(results.length === 1 ? { user: { displayName: only.displayName, wasLocked: only.wasLocked } } : {}) };
}

/** Lock PIN for one or many users. */
export const lockPinAction = adminAction('pin.lock', 'users.lockPin', userIds, async ({ userIds }, { actor, context }): Promise<LockChangeResult> => {
  const deps = getPinDeps();
  const results: LockChange[] = [];
  for (const id of userIds) results.push(await lockPin(deps, { user: { userId: id }, actor, context }));
  revalidatePath('/users');
  return lockChangeResult(results);
});

/** Unlock PIN for one or many users. */
export const unlockPinAction = adminAction('pin.lock', 'users.unlockPin', userIds, async ({ userIds }, { actor, context }): Promise<LockChangeResult> => {
  const deps = getPinDeps();
  const results: LockChange[] = [];
  for (const id of userIds) results.push(await unlockPin(deps, { user: { userId: id }, actor, context }));
  revalidatePath('/users');
  return lockChangeResult(results);
});

const setPinInput = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('generate'), userId }),
  z.object({
    mode: z.literal('manual'),
    userId,
    // Digits and length are checked by lib/pin, which names the rule; this only bounds the size.
    pin: z.string().min(1, 'Enter a PIN.').max(64, 'The PIN can be at most 24 digits long.'),
  }),
]);

/**
 * Set PIN (generated or typed). The new PIN is in the result — the only time it is ever
 * shown — and nowhere else.
 */
export const setPinAction = adminAction('pin.write', 'users.setPin', setPinInput, async (input, { actor, context }) => {
  const deps = getPinDeps();
  const user = { userId: input.userId };
  const result = input.mode === 'generate' ? await generatePin(deps, { user, actor, context }) : await setPin(deps, { user, pin: input.pin, actor, context });
  revalidatePath('/users');
  return { pin: result.pin, user: result.user, info: result.info };
});

/** View PIN status: every PinInfo field and the effective policy. */
export const pinStatusAction = adminAction('user.read', 'users.pinStatus', z.object({ userId }), async (input) =>
  getPinInfo(getPinDeps(), { user: { userId: input.userId } }),
);

/** Assign policy (Grant-CsPinPolicy) to one or many users; null = <Automatic>. */
export const assignPolicyAction = adminAction(
  'policy.grant',
  'users.assignPolicy',
  userIds.extend({ policy: z.string().max(80).nullable() }),
  async ({ userIds, policy }, { actor, context }) => {
    const result = await grantPinPolicy(getPinDeps(), { users: userIds.map((id) => ({ userId: id })), policy, actor, context });
    revalidatePath('/users');
    return result;
  },
);

/** "Select all search results": the ids of every user in the result set, not only the page. */
export const selectAllAction = adminAction('user.read', 'users.selectAll', userSearchSchema, async (search) => {
  return findUserIds(search);
});

export const saveQueryAction = adminAction(
  'user.read',
  'users.saveQuery',
  z.object({ name: savedQueryNameSchema, search: userSearchSchema }),
  async ({ name, search }, { user }) => {
    await saveQueries(user.id, [{ name, search }]);
    return listSavedQueries(user.id);
  },
);

export const deleteQueryAction = adminAction('user.read', 'users.deleteQuery', z.object({ id: z.string().min(1).max(64) }), async ({ id }, { user }) => {
  await deleteSavedQuery(user.id, id);
  return listSavedQueries(user.id);
});

/** Imports queries from an exported file's text; nothing is saved unless the whole file is valid. */
export const importQueriesAction = adminAction(
  'user.read',
  'users.importQueries',
  z.object({ text: z.string().max(1_000_000, 'The file is too large (at most 1 MB).') }),
  async ({ text }, { user }) => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ActionError('IMPORT_INVALID', 'The file is not valid JSON. Choose a file exported with "Export to file".');
    }
    const parsed = savedQueriesFileSchema.safeParse(json);
    if (!parsed.success) throw new ActionError('IMPORT_INVALID', `The file was not imported: ${parsed.error.issues[0]?.message ?? 'unknown format'}`);
    await saveQueries(user.id, parsed.data.queries);
    return { imported: parsed.data.queries.length, queries: await listSavedQueries(user.id) };
  },
);
