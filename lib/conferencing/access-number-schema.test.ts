import { describe, expect, it } from 'vitest';
import { accessNumberSchema } from './access-number-schema';

const valid = {
  displayName: 'Redmond Main',
  displayNumber: '+1 (425) 555-0199',
  lineUri: 'tel:+14255550199',
  primaryLanguage: 'en-US',
  secondaryLanguages: 'fr-FR, es-ES',
  regions: 'North America, Europe',
};

describe('access number input', () => {
  it('accepts a complete number and splits the lists', () => {
    expect(accessNumberSchema.parse(valid)).toMatchObject({ secondaryLanguages: ['fr-FR', 'es-ES'], regions: ['North America', 'Europe'] });
  });

  it.each([
    [{ lineUri: '4255550199' }, 'lineUri', /tel: URI in E\.164/],
    [{ primaryLanguage: 'English' }, 'primaryLanguage', /tags like en-US/],
    [{ secondaryLanguages: 'de-DE, fr-FR, es-ES, it-IT, nl-NL' }, 'secondaryLanguages', /At most 4/],
    [{ regions: ' , ' }, 'regions', /at least one region/],
    [{ displayName: '' }, 'displayName', /DisplayName is required/],
  ])('refuses %o naming the field', (change, field, message) => {
    const result = accessNumberSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => i.path[0] === field);
    expect(issue?.message).toMatch(message);
  });
});
