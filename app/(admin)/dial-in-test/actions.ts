'use server';
/**
 * The Dial-in test keypad: the same logon path a bridge uses, with the reason shown to the
 * administrator — bounded per administrator, per user and per day (lib/pin/use-cases/dial-in-test.ts).
 */
import { z } from 'zod';
import { adminAction } from '@/lib/actions/admin-action';
import { runDialInTest } from '@/lib/pin';
import { getDb } from '@/lib/db/client';
import { windowCounterOn } from '@/lib/db/window-counters';
import { getPinDeps } from '@/lib/server/pin-deps';

export const dialInTestAction = adminAction(
  'dialin.test',
  'dialInTest.logon',
  z.object({ identity: z.string().max(256), pin: z.string().max(64) }),
  async ({ identity, pin }, { user, actor, context }) => {
    const result = await runDialInTest(getPinDeps(), {
      identity,
      pin,
      actor: { type: 'user', id: user.id, name: actor.name },
      context,
      countTest: windowCounterOn(getDb()),
    });
    return result.result === 'accepted'
      ? { result: 'accepted' as const, user: result.user.displayName }
      : { result: 'rejected' as const, reason: result.reason, user: result.user?.displayName ?? null, lockTriggered: result.lockTriggered };
  },
);
