'use server';
/** Users page actions: thin wrappers over lib/pin, each checked by adminAction. */
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/admin-action';
import { generatePin, lockPin, setPin, unlockPin } from '@/lib/pin';
import { getPinDeps } from '@/lib/server/pin-deps';

const userIds = z.object({
  userIds: z
    .array(z.string().min(1).max(64))
    .min(1, 'Select at least one user.')
    .max(1000, 'Select at most 1,000 users at a time; use a bulk job for more.'),
});

/** Lock PIN for one or many users; returns how many were locked. */
export const lockPinAction = adminAction('pin.lock', 'users.lockPin', userIds, async ({ userIds }, { actor, context }) => {
  for (const userId of userIds) await lockPin(getPinDeps(), { user: { userId }, actor, context });
  revalidatePath('/users');
  return { count: userIds.length };
});

/** Unlock PIN for one or many users. */
export const unlockPinAction = adminAction('pin.lock', 'users.unlockPin', userIds, async ({ userIds }, { actor, context }) => {
  for (const userId of userIds) await unlockPin(getPinDeps(), { user: { userId }, actor, context });
  revalidatePath('/users');
  return { count: userIds.length };
});

const setPinInput = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('generate'), userId: z.string().min(1).max(64) }),
  z.object({
    mode: z.literal('manual'),
    userId: z.string().min(1).max(64),
    // Length and digits are checked by lib/pin, which names the rule; this only bounds the size.
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
