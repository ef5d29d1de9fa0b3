/** zod schemas of the /api/v1/directory routes' bodies. A refusal names the field. Pure. */
import { z } from 'zod';
import { MAX_SOURCE_NAME } from '../scripting/directory-limits';
import { hasUnusableCharacter, unusableCharacterMessage } from '../validation/text';

/** Largest JSON body of POST /directory/sync: three short fields. */
export const SYNC_BODY_LIMIT = 4 * 1024;

export const syncBody = z
  .object({
    source: z
      .string({ error: 'source must be the name of an LDAP source.' })
      .max(MAX_SOURCE_NAME, `source can be at most ${MAX_SOURCE_NAME} characters.`)
      .refine((v) => !hasUnusableCharacter(v), unusableCharacterMessage('source'))
      .optional(),
    full: z.boolean({ error: 'full must be true or false.' }).optional(),
    whatIf: z.boolean({ error: 'whatIf must be true or false.' }).optional(),
  })
  .strict();
