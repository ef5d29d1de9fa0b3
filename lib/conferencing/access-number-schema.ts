/** What a dial-in access number must look like (Set-CsDialInConferencingAccessNumber). */
import { z } from 'zod';

const language = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Languages are tags like en-US or fr-FR.');
const list = (text: unknown) =>
  typeof text === 'string'
    ? text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : text;

export const accessNumberSchema = z.object({
  displayName: z.string().trim().min(1, 'DisplayName is required.').max(200, 'DisplayName can be at most 200 characters.'),
  displayNumber: z.string().trim().min(1, 'DisplayNumber is required, e.g. +1 (425) 555-0199.').max(64, 'DisplayNumber can be at most 64 characters.'),
  lineUri: z
    .string()
    .trim()
    .regex(/^tel:\+\d{4,15}(;ext=\d{1,10})?$/i, 'LineUri must be a tel: URI in E.164 form, e.g. tel:+14255550199.'),
  primaryLanguage: language,
  secondaryLanguages: z.preprocess(list, z.array(language).max(4, 'At most 4 secondary languages.')).default([]),
  regions: z.preprocess(
    list,
    z
      .array(z.string().trim().min(1).max(100, 'A region name can be at most 100 characters.'))
      .min(1, 'Give at least one region.')
      .max(20, 'At most 20 regions.'),
  ),
});
export type AccessNumberInput = z.infer<typeof accessNumberSchema>;
