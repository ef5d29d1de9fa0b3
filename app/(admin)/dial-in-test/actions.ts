'use server';
/**
 * The Dial-in test keypad: the same logon path a bridge uses, with the reason shown to the
 * administrator — bounded per administrator, per user and per day (lib/pin/use-cases/dial-in-test.ts).
 */
import { z } from 'zod';
import { adminAction } from '@/lib/actions/admin-action';
import { runDialInTestHere } from '@/lib/bridges/dial-in-test-service';

export const dialInTestAction = adminAction(
  'dialin.test',
  'dialInTest.logon',
  z.object({ identity: z.string().max(256), pin: z.string().max(64) }),
  async ({ identity, pin }, { user, actor, context }) => {
    const result = await runDialInTestHere({
      identity,
      pin,
      actor: { type: 'user', id: user.id, name: actor.name },
      context,
    });
    return result.result === 'accepted'
      ? { result: 'accepted' as const, user: result.user.displayName }
      : { result: 'rejected' as const, reason: result.reason, user: result.user?.displayName ?? null, lockTriggered: result.lockTriggered };
  },
);
