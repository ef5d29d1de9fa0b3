'use server';
/** Dial-in Access Numbers actions, for CsAdministrator (access_number.write). */
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/admin-action';
import { ActionError } from '@/lib/actions/result';
import { accessNumberSchema } from '@/lib/conferencing/access-number-schema';
import { AccessNumberError, createAccessNumber, deleteAccessNumber, moveAccessNumber, updateAccessNumber } from '@/lib/conferencing/access-numbers-service';

const id = z.string().min(1).max(64);

/** Expected refusals from the access numbers service (a taken LineUri, a vanished row) reach the user as they are. */
async function expected<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AccessNumberError) throw new ActionError('ACCESS_NUMBER_INVALID', error.message);
    throw error;
  }
}

const done = () => {
  revalidatePath('/conferencing/access-numbers');
  revalidatePath('/dialin');
};

export const createAccessNumberAction = adminAction('access_number.write', 'accessNumbers.create', accessNumberSchema, async (input, { actor, context }) => {
  const created = await expected(() => createAccessNumber(input, { actor, context }));
  done();
  return created;
});

export const updateAccessNumberAction = adminAction(
  'access_number.write',
  'accessNumbers.update',
  accessNumberSchema.extend({ id }),
  async ({ id, ...input }, { actor, context }) => {
    const updated = await expected(() => updateAccessNumber(id, input, { actor, context }));
    done();
    return updated;
  },
);

export const deleteAccessNumberAction = adminAction('access_number.write', 'accessNumbers.delete', z.object({ id }), async ({ id }, { actor, context }) => {
  await expected(() => deleteAccessNumber(id, { actor, context }));
  done();
  return { id };
});

export const moveAccessNumberAction = adminAction(
  'access_number.write',
  'accessNumbers.move',
  z.object({ id, region: z.string().min(1).max(100), direction: z.enum(['up', 'down']) }),
  async ({ id, region, direction }, { actor, context }) => {
    await expected(() => moveAccessNumber(id, region, direction, { actor, context }));
    done();
    return { id };
  },
);
