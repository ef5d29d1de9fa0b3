/** zod schemas of the /api/v1/roles routes' bodies and query. A refusal names the field. Pure. */
import { z } from 'zod';
import { inputLimits } from '../validation/input-limits';
import { hasUnusableCharacter, unusableCharacterMessage } from '../validation/text';

/** Largest JSON body of POST /roles/grant and /roles/revoke: two short fields. */
export const ROLES_BODY_LIMIT = 4 * 1024;
/** The longest role name accepted (the longest role, CsViewOnlyAdministrator, has 23 letters). */
export const MAX_ROLE_NAME = 64;

export const roleChangeBody = z
  .object({
    identity: z
      .string({ error: 'identity is required: a SIP address, UPN, domain\\account, display name or distinguished name.' })
      .trim()
      .min(1, 'identity must not be empty.')
      .max(inputLimits.identity, `identity can be at most ${inputLimits.identity} characters.`)
      .refine((v) => !hasUnusableCharacter(v), unusableCharacterMessage('identity')),
    // Which roles exist is lib/roles' check (parseRole lists them); here only the type and size.
    role: z
      .string({ error: 'role is required: CsAdministrator, CsUserAdministrator, CsHelpDesk or CsViewOnlyAdministrator.' })
      .max(MAX_ROLE_NAME, `role can be at most ${MAX_ROLE_NAME} characters.`),
  })
  .strict();
