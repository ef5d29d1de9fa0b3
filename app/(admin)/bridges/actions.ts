'use server';
/** Bridges page actions (CsAdministrator): issue and revoke bridge API keys. */
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/admin-action';
import { ActionError } from '@/lib/actions/result';
import { BridgeError, createBridge, revokeBridge } from '@/lib/bridges/bridges-service';
import { parseAllowlistEntry } from '@/lib/bridges/source-allowlist';

const sources = z.preprocess(
  (text) => (typeof text === 'string' ? text.split(/[\s,]+/).filter(Boolean) : text),
  z
    .array(z.string().max(64))
    .max(50, 'At most 50 allowed source addresses.')
    .superRefine((entries, ctx) => {
      for (const entry of entries) {
        if (parseAllowlistEntry(entry) === null)
          ctx.addIssue({ code: 'custom', message: `"${entry}" is not an IP address or an IPv4 CIDR range such as 10.0.0.0/24.` });
      }
    }),
);

const createInput = z.object({
  name: z.string().trim().min(1, 'Give the bridge a name.').max(100, 'A bridge name can be at most 100 characters.'),
  allowedSources: sources.default([]),
  ratePerMinute: z.coerce
    .number({ error: 'Rate must be a number.' })
    .int('Rate must be a whole number.')
    .min(1, 'Rate must be from 1 to 100,000 requests per minute.')
    .max(100_000, 'Rate must be from 1 to 100,000 requests per minute.'),
});

export const createBridgeAction = adminAction('bridge.manage', 'bridges.create', createInput, async (input, { actor, context }) => {
  try {
    const { bridge, key } = await createBridge(input, { actor, context });
    revalidatePath('/bridges');
    return { name: bridge.name, key };
  } catch (error) {
    if (error instanceof BridgeError) throw new ActionError('BRIDGE_INVALID', error.message);
    throw error;
  }
});

export const revokeBridgeAction = adminAction(
  'bridge.manage',
  'bridges.revoke',
  z.object({ id: z.string().min(1).max(64) }),
  async ({ id }, { actor, context }) => {
    try {
      await revokeBridge(id, { actor, context });
    } catch (error) {
      if (error instanceof BridgeError) throw new ActionError('BRIDGE_INVALID', error.message);
      throw error;
    }
    revalidatePath('/bridges');
    return { id };
  },
);
