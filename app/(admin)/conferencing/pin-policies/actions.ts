'use server';
/** PIN Policy page actions (New/Set/Remove-CsPinPolicy), for CsAdministrator (policy.write). */
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/admin-action';
import { newPinPolicy, removePinPolicy, setPinPolicies, setPinPolicy, type PolicySettings } from '@/lib/pin';
import { reviewPolicyCreation, reviewPolicyRemoval, reviewPolicyUpdate } from '@/lib/policies/policy-effect-service';
import { getPinDeps } from '@/lib/server/pin-deps';

/**
 * Numbers arrive as form text. Anything that is not a number becomes NaN, which lib/pin
 * rejects with a message naming the field and its range; '' for MaximumLogonAttempts is unset.
 */
const number = z.union([z.number(), z.string().max(32)]).transform((v) => (typeof v === 'number' ? v : v.trim() === '' ? Number.NaN : Number(v)));
const optionalLimit = z
  .union([z.number(), z.string().max(32), z.null()])
  .transform((v) => (v === null || (typeof v === 'string' && v.trim() === '') ? null : Number(v)));
const flag = z.union([z.boolean(), z.enum(['on', 'true', 'false', ''])]).transform((v) => v === true || v === 'on' || v === 'true');

const settings = z.object({
  description: z.string().max(1024, 'Description can be at most 1,024 characters.').optional(),
  minPasswordLength: number.optional(),
  pinHistoryCount: number.optional(),
  pinLifetime: number.optional(),
  allowCommonPatterns: flag.optional(),
  maximumLogonAttempts: optionalLimit.optional(),
});

const done = () => {
  revalidatePath('/conferencing/pin-policies');
  revalidatePath('/users');
};

const identities = z.array(z.string().min(1).max(80)).min(1, 'Select at least one policy.').max(500);
const manyChanges = settings.refine((c) => Object.values(c).some((v) => v !== undefined), 'Choose at least one property to change.');

/** Review step of Edit: the same input as the save, validated as the save would; saves nothing. */
export const reviewPolicyUpdateAction = adminAction(
  'policy.write',
  'policies.reviewUpdate',
  settings.extend({ identity: z.string().min(1).max(80) }),
  async ({ identity, ...changes }) => ({ effect: await reviewPolicyUpdate([identity], changes as Partial<PolicySettings>) }),
);

/** Review step of New: whom a new site policy takes over (a per-user one governs nobody yet). */
export const reviewPolicyCreationAction = adminAction(
  'policy.write',
  'policies.reviewCreate',
  settings.extend({ identity: z.string().min(1, 'Choose a site or enter a policy name.').max(80) }),
  async ({ identity, ...rest }) => ({ effect: await reviewPolicyCreation(identity, rest as Partial<PolicySettings>) }),
);

/** Review step of Edit selected. */
export const reviewPoliciesUpdateAction = adminAction(
  'policy.write',
  'policies.reviewUpdateMany',
  z.object({ identities, changes: manyChanges }),
  async ({ identities, changes }) => ({ effect: await reviewPolicyUpdate(identities, changes as Partial<PolicySettings>) }),
);

/** Review step of Delete / Reset to defaults. */
export const reviewPolicyRemovalAction = adminAction('policy.write', 'policies.reviewRemove', z.object({ identities }), async ({ identities }) => ({
  effect: await reviewPolicyRemoval(identities),
}));

export const createPolicyAction = adminAction(
  'policy.write',
  'policies.create',
  settings.extend({ identity: z.string().min(1, 'Choose a site or enter a policy name.').max(80) }),
  async ({ identity, ...rest }, { actor, context }) => {
    const policy = await newPinPolicy(getPinDeps(), { identity, settings: rest as Partial<PolicySettings>, actor, context });
    done();
    return policy;
  },
);

export const updatePolicyAction = adminAction(
  'policy.write',
  'policies.update',
  settings.extend({ identity: z.string().min(1).max(80) }),
  async ({ identity, ...changes }, { actor, context }) => {
    const policy = await setPinPolicy(getPinDeps(), { identity, changes: changes as Partial<PolicySettings>, actor, context });
    done();
    return policy;
  },
);

/** Edit selected: the same changes on every selected policy, all or none. */
export const updatePoliciesAction = adminAction(
  'policy.write',
  'policies.updateMany',
  z.object({ identities, changes: manyChanges }),
  async ({ identities, changes }, { actor, context }) => {
    const policies = await setPinPolicies(getPinDeps(), { identities, changes: changes as Partial<PolicySettings>, actor, context });
    done();
    return { count: policies.length };
  },
);

/** Delete (site / per-user: users fall back) or, for global, reset to the defaults. */
export const removePolicyAction = adminAction('policy.write', 'policies.remove', z.object({ identities }), async ({ identities }, { actor, context }) => {
  let removed = 0;
  let reset = 0;
  for (const identity of identities) {
    const result = await removePinPolicy(getPinDeps(), { identity, actor, context });
    if (result.reset) reset++;
    else removed++;
  }
  done();
  return { removed, reset };
});
