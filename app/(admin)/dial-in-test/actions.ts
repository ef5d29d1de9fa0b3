'use server';
/** The Dial-in test keypad: the same logon path a bridge uses, with the reason shown to the administrator. */
import { z } from 'zod';
import { adminAction } from '@/lib/actions/admin-action';
import { verifyPinLogon } from '@/lib/pin';
import { getPinDeps } from '@/lib/server/pin-deps';

export const dialInTestAction = adminAction(
  'dialin.test',
  'dialInTest.logon',
  z.object({ identity: z.string().max(256), pin: z.string().max(64) }),
  async ({ identity, pin }, { actor, context }) => {
    const result = await verifyPinLogon(getPinDeps(), { identity, pin, actor, context });
    return result.result === 'accepted'
      ? { result: 'accepted' as const, user: result.user.displayName }
      : { result: 'rejected' as const, reason: result.reason, user: result.user?.displayName ?? null, lockTriggered: result.lockTriggered };
  },
);
