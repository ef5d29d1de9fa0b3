'use server';
/**
 * The self-service PIN change. The user is the one in the session — never a user id from
 * the form — and PIN history applies (unlike an administrator's Set PIN).
 */
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { selfServiceAction } from '@/lib/actions/admin-action';
import { setOwnPin } from '@/lib/pin';
import { getPinDeps } from '@/lib/server/pin-deps';

export const setOwnPinAction = selfServiceAction(
  'dialin.setOwnPin',
  z.object({
    pin: z.string().min(1, 'Enter a new PIN.').max(64, 'The PIN can be at most 24 digits long.'),
    confirmPin: z.string().max(64, 'The PIN can be at most 24 digits long.'),
  }),
  async ({ pin, confirmPin }, { user, context }) => {
    const result = await setOwnPin(getPinDeps(), { userId: user.id, pin, confirmPin, context });
    revalidatePath('/dialin');
    return { expiresAt: result.info.pinExpirationTime };
  },
);
