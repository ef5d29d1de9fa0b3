import { describe, expect, it } from 'vitest';
import { hasValueSuggestions, suggestionMatches } from './filter-value-suggestions';

describe('filter value suggestions', () => {
  it('are offered for the properties with a known set of values, not for True/False ones', () => {
    for (const p of ['department', 'title', 'office', 'city', 'site', 'ou', 'pinPolicy'] as const) expect(hasValueSuggestions(p)).toBe(true);
    for (const p of ['isPinSet', 'isLockedOut', 'enabled'] as const) expect(hasValueSuggestions(p)).toBe(false);
  });

  it.each([
    ['department', 'Finance', 'fin', true],
    ['department', 'Finance', ' FIN ', true],
    ['department', 'Finance', '', true],
    ['department', 'Engineering', 'f', false],
    ['department', 'Finance', 'inance', false],
    ['ou', 'OU=Finance,DC=litwareinc,DC=com', 'fin', true],
    ['ou', 'OU=Finance,DC=litwareinc,DC=com', 'ou=fin', true],
    ['ou', 'OU=Finance,DC=litwareinc,DC=com', 'litware', false],
    ['pinPolicy', 'tag:Contractors', 'contr', true],
    ['pinPolicy', 'tag:Contractors', 'TAG:C', true],
    ['site', 'tag:Dublin', 'dub', false],
  ] as const)('%s: %j fits %j → %s', (property, value, typed, expected) => {
    expect(suggestionMatches(property, value, typed)).toBe(expected);
  });
});
